// What a tile shows for a picked file, for any view (React, Vue): a host temp path as it is, or the browser's own
// File (H5) through an object URL made when the first tile shows it and revoked when the last one goes, so nothing
// keeps a picked file alive after its tiles are gone and no thumbnail is drawn.
import type { PickedFile } from '../core/upload/types'

const shown = new Map<Blob, { url: string; tiles: number }>()

/** The image URL for a tile that starts showing `file`; call hideFile(file) when it stops. */
export function showFile(file: PickedFile): string {
  const blob = file.file
  if (!blob) return file.thumbPath || file.path
  let entry = shown.get(blob)
  if (!entry) shown.set(blob, (entry = { url: URL.createObjectURL(blob), tiles: 0 }))
  entry.tiles++
  return entry.url
}

export function hideFile(file: PickedFile): void {
  const blob = file.file
  const entry = blob && shown.get(blob)
  if (!entry || --entry.tiles > 0) return
  // Revoked unless a tile took it over in the same update (an upload's tile becoming its item's): the same URL is
  // then shown on, without loading and decoding the image again.
  setTimeout(() => {
    if (entry.tiles > 0 || shown.get(blob) !== entry) return
    shown.delete(blob)
    URL.revokeObjectURL(entry.url)
  })
}
