// The object key of a task: generated or given, validated, and checked against the allowed prefixes.
import { InvalidInputError } from '../errors'
import { diagnosis } from '../messages'
import { extensionOfType, imageExtension } from '../mime'
import { validateObjectKey } from '../url'
import type { PickedFile } from './types'

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz'

/**
 * An image extension of the file's name, else of its path (hosts name files after temp paths, and Alipay's end in
 * `.image`); else a concrete `image/<x>` type's; else `jpg`.
 */
export function fileExtension(file: PickedFile): string {
  return imageExtension(file.name) || imageExtension(file.path) || extensionOfType(file.type) || 'jpg'
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
