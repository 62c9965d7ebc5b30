// Saving uploaded images to the album, one state per item: saving, then saved (or, on H5, downloaded), refused
// permission (kept with the URL to save once the user grants it in the settings), or failed.
import { isCosUploaderError, type CosUploaderError } from '../core/errors'
import type { ExpiringUrl, UploadedItem } from '../core/upload/types'
import type { UploaderHost } from './options'

/** 'downloaded' is what H5 reports: a browser download, never a confirmed album save. */
export type SaveState =
  | { status: 'saving' | 'saved' | 'downloaded' }
  /** `url`: what to save once the user grants access in the settings. */
  | { status: 'permission-denied'; url: string }
  | { status: 'error'; error: CosUploaderError }

export interface AlbumSaves {
  states(): Record<string, SaveState>
  /** Saves the item's object, signed afresh for private buckets. */
  save(item: UploadedItem): Promise<void>
  /** Call from a tap: hosts refuse openSetting outside a user gesture. */
  openSettingAndSave(key: string): void
}

export function createAlbumSaves(
  host: UploaderHost, sign: (item: UploadedItem) => Promise<ExpiringUrl>, onError: (error: CosUploaderError) => void, changed: () => void,
): AlbumSaves {
  let saves: Record<string, SaveState> = {}
  const set = (key: string, state: SaveState) => {
    saves = { ...saves, [key]: state }
    changed()
  }

  function failed(key: string, error: unknown) {
    if (!isCosUploaderError(error)) throw error
    set(key, { status: 'error', error })
    onError(error)
  }

  async function settle(key: string, url: string, saving: Promise<'saved' | 'downloaded'>) {
    try {
      set(key, { status: await saving })
    } catch (error) {
      if (isCosUploaderError(error) && error.code === 'permission-denied') return set(key, { status: 'permission-denied', url })
      failed(key, error)
    }
  }

  return {
    states: () => saves,
    async save(item) {
      set(item.key, { status: 'saving' })
      let url: string
      try {
        url = (await sign(item)).url
      } catch (error) {
        return failed(item.key, error)
      }
      await settle(item.key, url, host.saveImageToAlbum(url))
    },
    openSettingAndSave(key) {
      const state = saves[key]
      if (state?.status === 'permission-denied') void settle(key, state.url, host.openSettingAndSave(state.url))
    },
  }
}
