// Save an uploaded image to the album: (signed) URL → host download → host saveImageToAlbum.
// A refused permission leaves an "open settings" action that re-saves once access is granted.
import { useCallback, useRef, useState } from 'react'
import { isCosUploaderError, type CosUploaderError } from '../core/errors'
import type { UploadedItem } from '../core/upload/types'
import type { UploaderHost } from './host'

/** 'downloaded' is what H5 reports: a browser download, never a confirmed album save. */
export type SaveState =
  | { status: 'saving' | 'saved' | 'downloaded' }
  | { status: 'permission-denied'; path: string }
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

  const settle = async (key: string, path: string, saving: Promise<'saved' | 'downloaded'>) => {
    try {
      setSave(key, { status: await saving })
    } catch (error) {
      if (!isCosUploaderError(error)) throw error
      if (error.code === 'permission-denied') {
        setSave(key, { status: 'permission-denied', path })
      } else {
        setSave(key, { status: 'error', error })
        onErrorRef.current?.(error)
      }
    }
  }

  const save = useCallback(
    async (item: UploadedItem) => {
      setSave(item.key, { status: 'saving' })
      let path: string
      try {
        path = await host.download(await urlOf(item))
      } catch (error) {
        if (!isCosUploaderError(error)) throw error
        setSave(item.key, { status: 'error', error })
        onErrorRef.current?.(error)
        return
      }
      await settle(item.key, path, host.saveImageToAlbum(path))
    },
    [host, urlOf],
  )

  /** Call from a tap: hosts refuse openSetting outside a user gesture. */
  const openSettingAndSave = useCallback(
    (key: string) => {
      const state = saves[key]
      if (state?.status !== 'permission-denied') return
      void settle(key, state.path, host.openSettingAndSave(state.path))
    },
    [host, saves],
  )

  return { saves, save, openSettingAndSave }
}
