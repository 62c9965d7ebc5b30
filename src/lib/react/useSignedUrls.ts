// Display URLs for uploaded items: private buckets need a signed GET, so thumbnails and previews use one from the
// engine. Each key keeps its URL (a new src reloads the image) until that URL nears its expiry; then it is signed again.
import { useEffect, useRef, useState } from 'react'
import type { ExpiringUrl, UploadedItem } from '../core/upload/types'

/** Sign again this long before a URL expires, so the new one is there first. */
const RENEW_BEFORE_MS = 60_000
/** However near (or past) a reported expiry is, e.g. on a skewed device clock, a key is signed at most this often. */
const MIN_RENEW_DELAY_MS = 30_000

export function useSignedUrls(value: UploadedItem[], urlOf: (item: UploadedItem) => Promise<ExpiringUrl>) {
  const [signed, setSigned] = useState<Record<string, ExpiringUrl>>({})
  /** Keys signed or being signed. */
  const asked = useRef(new Set<string>())
  const [renewals, setRenewals] = useState(0)
  /** Bumped by a failed signing, so that a retry is scheduled. */
  const [failures, setFailures] = useState(0)

  useEffect(() => {
    for (const item of value) {
      if (asked.current.has(item.key)) continue
      asked.current.add(item.key)
      urlOf(item).then(
        (url) => setSigned((all) => ({ ...all, [item.key]: url })),
        // Credentials unavailable: asked again after a pause; meanwhile the last URL (or the plain one) is shown.
        () => {
          asked.current.delete(item.key)
          setFailures((n) => n + 1)
        },
      )
    }
  }, [value, urlOf, renewals])

  useEffect(() => {
    // A key whose signing failed (neither signed nor being signed) is due at once; a signed one before it expires.
    const renewAt = (item: UploadedItem) => asked.current.has(item.key)
      ? (signed[item.key]?.expiresAt ?? Infinity) - RENEW_BEFORE_MS
      : -Infinity
    const next = Math.min(...value.map(renewAt))
    if (next === Infinity) return undefined
    const timer = setTimeout(() => {
      for (const item of value) if (renewAt(item) <= Date.now()) asked.current.delete(item.key)
      setRenewals((n) => n + 1)
    }, Math.max(MIN_RENEW_DELAY_MS, next - Date.now()))
    return () => clearTimeout(timer)
  }, [value, signed, failures])

  return (item: UploadedItem) => signed[item.key]?.url ?? item.url
}
