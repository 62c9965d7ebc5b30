// The object key of a task: generated or given, validated, and checked against the allowed prefixes.
import { diagnosis } from '../diagnosisText'
import { InvalidInputError } from '../errors'
import { validateObjectKey } from '../objectKey'
import type { PickedFile } from './types'

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz'
const TYPE_EXTENSIONS: Record<string, string> = { jpeg: 'jpg', 'svg+xml': 'svg' }

/** `jpg` from `a/b.JPG` or `image/jpeg`; '' when neither tells. */
export function fileExtension(file: PickedFile): string {
  const fromName = /\.([a-z0-9]{1,8})$/i.exec((file.name || file.path || '').replace(/[?#].*/, '').split(/[/\\]/).pop() || '')
  if (fromName) return fromName[1].toLowerCase()
  const subtype = /^image\/([a-z0-9.+-]+)$/i.exec(file.type || '')?.[1].toLowerCase()
  return subtype ? TYPE_EXTENSIONS[subtype] || subtype : ''
}

/** `<prefix><yyyy>/<mm>/<dd>/<16 random base-36 chars>.<ext>`, the date in UTC. */
export function defaultObjectKey(file: PickedFile, prefix: string, nowMs: number, random: () => number): string {
  const date = new Date(nowMs).toISOString().slice(0, 10).replace(/-/g, '/')
  let id = ''
  for (let i = 0; i < 16; i++) id += ALPHABET[Math.floor(random() * 36) % 36]
  const ext = fileExtension(file)
  return `${prefix}${date}/${id}${ext && '.' + ext}`
}

/** Throws InvalidInputError when the key is invalid or outside every allowed prefix (a trailing `*` is ignored). */
export function checkObjectKey(key: string, allowPrefix?: string[]): void {
  validateObjectKey(key)
  const prefixes = (allowPrefix || []).map((prefix) => prefix.replace(/\*$/, ''))
  if (prefixes.length && !prefixes.some((prefix) => key.startsWith(prefix))) {
    throw new InvalidInputError(diagnosis('key-outside-prefix', { key, allowPrefix: prefixes }))
  }
}
