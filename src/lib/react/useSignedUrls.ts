// Display URLs for uploaded items: private buckets need a signed GET, so thumbnails and previews use one
// (signed once per key; `urlOf` answers the plain URL where the device holds no key).
import { useEffect, useRef, useState } from 'react'
import type { UploadedItem } from '../core/upload/types'

export function useSignedUrls(value: UploadedItem[], urlOf: (item: UploadedItem) => Promise<string>) {
  const [signed, setSigned] = useState<Record<string, string>>({})
  const asked = useRef(new Set<string>())

  useEffect(() => {
    let live = true
    for (const item of value) {
      if (asked.current.has(item.key)) continue
      asked.current.add(item.key)
      urlOf(item).then(
        (url) => live && setSigned((all) => ({ ...all, [item.key]: url })),
        // Credentials unavailable: ask again next time value changes; meanwhile the plain URL is shown.
        () => asked.current.delete(item.key),
      )
    }
    return () => {
      live = false
    }
  }, [value, urlOf])

  return (item: UploadedItem) => signed[item.key] ?? item.url
}
