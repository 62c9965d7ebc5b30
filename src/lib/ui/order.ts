// Uploads finish in any order; `value` keeps the order the files were picked in.
import type { UploadedItem } from '../core/upload/types'

/**
 * Inserts `item` before the first item picked after it (by `pickIndexOf`); items the uploader didn't
 * produce (a pre-filled value) keep their places. `pickIndexOf` returns undefined for those.
 */
export function insertInPickOrder(
  value: readonly UploadedItem[],
  item: UploadedItem,
  pickIndexOf: (key: string) => number | undefined,
): UploadedItem[] {
  const own = pickIndexOf(item.key) ?? Infinity
  const at = value.findIndex((other) => (pickIndexOf(other.key) ?? -1) > own)
  return at < 0 ? [...value, item] : [...value.slice(0, at), item, ...value.slice(at)]
}
