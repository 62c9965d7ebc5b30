// Save an uploaded image to the album: the (signed) object URL goes to the host's saveImageToAlbum, which asks
// for album permission first, then downloads and saves. A refused permission leaves an "open settings" action
// that re-saves once access is granted.
import { useCallback, useRef, useState } from 'react'
import { isCosUploaderError, type CosUploaderError } from '../core/errors'
import type { UploadedItem } from '../core/upload/types'
import type { UploaderHost } from './host'

/** 'downloaded' is what H5 reports: a browser download, never a confirmed album save. */
export type SaveState =
  | { status: 'saving' | 'saved' | 'downloaded' }
  /** `url`: what to save once the user grants access in the settings. */
  | { status: 'permission-denied'; url: string }
  | { status: 'error'; error: CosUploaderError }

export function useAlbumSave(
  host: UploaderHost,
  urlOf: (item: UploadedItem) => Promise<string>,
  onError?: (error: CosUploaderError) => void,
) {
  const [saves, setSaves] = useState<Record<string, SaveState>>({})
  const onErrorRef = useRef(onError)
  onErrorRef.current = onError
  const setSave = (key: string, state: SaveState) => setSaves((all) => ({ ...all, [key]: state }))

  const fail = (key: string, error: unknown) => {
    if (!isCosUploaderError(error)) throw error
    setSave(key, { status: 'error', error })
    onErrorRef.current?.(error)
  }

  const settle = async (key: string, url: string, saving: Promise<'saved' | 'downloaded'>) => {
    try {
      setSave(key, { status: await saving })
    } catch (error) {
      if (isCosUploaderError(error) && error.code === 'permission-denied') setSave(key, { status: 'permission-denied', url })
      else fail(key, error)
    }
  }

  const save = useCallback(
    async (item: UploadedItem) => {
      setSave(item.key, { status: 'saving' })
      let url: string
      try {
        url = await urlOf(item)
      } catch (error) {
        return fail(item.key, error)
      }
      await settle(item.key, url, host.saveImageToAlbum(url))
    },
    [host, urlOf],
  )

  /** Call from a tap: hosts refuse openSetting outside a user gesture. */
  const openSettingAndSave = useCallback(
    (key: string) => {
      const state = saves[key]
      if (state?.status !== 'permission-denied') return
      void settle(key, state.url, host.openSettingAndSave(state.url))
    },
    [host, saves],
  )

  return { saves, save, openSettingAndSave }
}
