import { invalidInput } from './errors'

const MAX_KEY_BYTES = 850

function utf8Length(text: string): number {
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code >= 0xd800 && code <= 0xdbff ? (i++, 4) : 3
  }
  return bytes
}

/** Throws InvalidInputError unless `key` is a usable COS object key. */
export function validateObjectKey(key: string): void {
  const reason = typeof key !== 'string' || key === '' ? 'empty'
    : key.charAt(0) === '/' ? 'leading slash'
    // eslint-disable-next-line no-control-regex
    : /[\u0000-\u001f\u007f]/.test(key) ? 'control character'
    : /[\ud800-\udbff](?![\udc00-\udfff])|(?:^|[^\ud800-\udbff])[\udc00-\udfff]/.test(key) ? 'lone surrogate'
    : utf8Length(key) > MAX_KEY_BYTES ? 'too long'
    : ''
  if (reason) {
    throw invalidInput('invalid-key', '对象键无效：不能为空、以 / 开头、含控制字符，且不超过 850 字节',
      'Invalid object key: must be non-empty, not start with /, have no control characters, and be at most 850 bytes',
      { key, reason })
  }
}
