import { invalidInput } from './errors'

const MAX_KEY_BYTES = 850

/** Throws InvalidInputError unless `key` is a usable COS object key. */
export function validateObjectKey(key: string): void {
  let bytes = 0
  try {
    bytes = encodeURIComponent(key).replace(/%../g, '.').length
  } catch (error) {
    // encodeURIComponent throws only on a lone surrogate
  }
  const reason = typeof key !== 'string' || key === '' ? 'empty'
    : key.charAt(0) === '/' ? 'leading slash'
    // eslint-disable-next-line no-control-regex
    : /[\u0000-\u001f\u007f]/.test(key) ? 'control character'
    : !bytes ? 'lone surrogate'
    : bytes > MAX_KEY_BYTES ? 'too long'
    : ''
  if (reason) throw invalidInput('invalid-key', '对象键无效', 'Invalid object key', { key, reason })
}
