// Display URLs for uploaded items: private buckets need a signed GET, so thumbnails and previews use one from the
// engine. Each key keeps its URL (a new src reloads the image) until that URL nears its expiry; then it is signed
// again. A key whose signing failed (credentials unavailable) is asked again after a pause.
import type { ExpiringUrl, UploadedItem } from '../core/upload/types'

/** Sign again this long before a URL expires, so the new one is there first. */
const RENEW_BEFORE_MS = 60_000
/** However near (or past) a reported expiry is, e.g. on a skewed device clock, a key is signed at most this often. */
const MIN_RENEW_DELAY_MS = 30_000

export interface SignedUrls {
  /** Signs what `items` hold that isn't signed or being signed, and plans the renewals. */
  follow(items: UploadedItem[]): void
  /** The item's signed URL when there is one, else its own. */
  url(item: UploadedItem): string
  /** A fresh signing (for a save). */
  sign(item: UploadedItem): Promise<ExpiringUrl>
  stop(): void
}

export function createSignedUrls(sign: (item: UploadedItem) => Promise<ExpiringUrl>, changed: () => void): SignedUrls {
  const signed: Record<string, ExpiringUrl> = {}
  /** Keys signed or being signed. */
  const asked = new Set<string>()
  let items: UploadedItem[] = []
  let timer: ReturnType<typeof setTimeout> | undefined
  /** When the planned renewal is due: a signing that leaves the earliest due time as it was plans nothing new. */
  let plannedFor: number | undefined
  let stopped = false

  // A key whose signing failed (neither signed nor being signed) is due at once; a signed one before it expires.
  const renewAt = (item: UploadedItem) => asked.has(item.key) ? (signed[item.key]?.expiresAt ?? Infinity) - RENEW_BEFORE_MS : -Infinity

  function plan() {
    const next = Math.min(...items.map(renewAt))
    if (next === plannedFor && !stopped) return
    clearTimeout(timer)
    plannedFor = undefined
    if (next === Infinity || stopped) return
    plannedFor = next
    timer = setTimeout(() => {
      plannedFor = undefined
      for (const item of items) if (renewAt(item) <= Date.now()) asked.delete(item.key)
      follow(items)
    }, Math.max(MIN_RENEW_DELAY_MS, next - Date.now()))
  }

  function follow(next: UploadedItem[]) {
    const changedItems = next !== items
    items = next
    stopped = false
    let asking = false
    for (const item of items) {
      if (asked.has(item.key)) continue
      asked.add(item.key)
      asking = true
      sign(item).then((url) => {
        signed[item.key] = url
        plan()
        changed()
      }, () => {
        asked.delete(item.key)
        plan()
      })
    }
    if (asking || changedItems) plan()
  }

  return {
    follow,
    url: (item) => signed[item.key]?.url ?? item.url,
    sign,
    stop() {
      stopped = true
      clearTimeout(timer)
      plannedFor = undefined
    },
  }
}
