// The object key of a task: generated or given, validated, and checked against the allowed prefixes.
import { diagnosis } from '../diagnosisText'
import { InvalidInputError } from '../errors'
import { validateObjectKey } from '../objectKey'
import type { PickedFile } from './types'

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz'
const TYPE_EXTENSIONS: Record<string, string> = { jpeg: 'jpg', 'svg+xml': 'svg' }
const IMAGE_EXTENSIONS = /^(jpe?g|png|gif|webp|heic|bmp)$/
/** `name`'s extension when it is a common image one. */
const imageExtension = (name = '') => {
  const ext = /\.([a-z]{3,4})$/i.exec(name.replace(/[?#].*/, ''))?.[1].toLowerCase()
  return ext && IMAGE_EXTENSIONS.test(ext) ? ext : ''
}

/**
 * An image extension of the file's name, else of its path (hosts name files after temp paths, and Alipay's end in
 * `.image`); else a concrete `image/<x>` type's; else `jpg`.
 */
export function fileExtension(file: PickedFile): string {
  const known = imageExtension(file.name) || imageExtension(file.path)
  if (known) return known
  const subtype = /^image\/([a-z0-9.+-]+)$/i.exec(file.type || '')?.[1].toLowerCase()
  return subtype ? TYPE_EXTENSIONS[subtype] || subtype : 'jpg'
}

/** `<prefix><yyyy>/<mm>/<dd>/<16 random base-36 chars>.<ext>`, the date in UTC. */
export function defaultObjectKey(file: PickedFile, prefix: string, nowMs: number, random: () => number): string {
  const date = new Date(nowMs).toISOString().slice(0, 10).replace(/-/g, '/')
  let id = ''
  for (let i = 0; i < 16; i++) id += ALPHABET[Math.floor(random() * 36) % 36]
  return `${prefix}${date}/${id}.${fileExtension(file)}`
}

/** Throws InvalidInputError when the key is invalid or outside every allowed prefix (a trailing `*` is ignored). */
export function checkObjectKey(key: string, allowPrefix?: string[]): void {
  validateObjectKey(key)
  const prefixes = (allowPrefix || []).map((prefix) => prefix.replace(/\*$/, ''))
  if (prefixes.length && !prefixes.some((prefix) => key.startsWith(prefix))) {
    throw new InvalidInputError(diagnosis('key-outside-prefix', { key, allowPrefix: prefixes }))
  }
}
