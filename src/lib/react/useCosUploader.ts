// The React side of one uploader: view and React state only. The framework-free controller (ui/controller.ts) does
// the work; this keeps one per host, hands it the props on every render, applies them after the render, and
// re-renders when it says something changed (at most once per frame).
import { useEffect, useMemo, useReducer } from 'react'
import type { UploadedItem } from '../core/upload/types'
import { createUploaderController, type CosUploaderOptions } from '../ui/controller'
import { useUploaderHost } from './host'

export type { CosUploaderOptions, SaveState, UploaderHost } from '../ui/controller'

export function useCosUploader(options: CosUploaderOptions) {
  const host = useUploaderHost(options.host, options.allowUnverifiedHosts)
  const controller = useMemo(() => createUploaderController(host, options), [host])
  controller.setProps(options)
  const [, rerender] = useReducer((n: number) => n + 1, 0)
  useEffect(() => {
    const unsubscribe = controller.subscribe(rerender)
    controller.start()
    return () => {
      unsubscribe()
      controller.stop()
    }
  }, [controller])
  useEffect(() => controller.sync())
  const view = controller.view()
  return {
    ...view,
    pick: controller.pick,
    upload: controller.upload,
    retry: controller.retry,
    remove: controller.remove,
    removeItem: controller.removeItem,
    clear: controller.clear,
    showError: controller.showError,
    save: controller.save,
    openSettingAndSave: controller.openSettingAndSave,
    preview: controller.preview,
    /** The URL to show an uploaded item with: signed for private buckets when the device holds a key. */
    displayUrl: (item: UploadedItem) => controller.displayUrl(item),
    /** The picked file an uploaded item's tile shows while other files are still uploading (see ui/file-images.ts). */
    localFile: (item: UploadedItem) => controller.localFile(item),
    /** Its tile's image: `displayUrl`, or the local file's host path (H5's File: localFile) while others upload. */
    thumbnailUrl: (item: UploadedItem) => controller.thumbnailUrl(item),
  }
}

export type CosUploaderApi = ReturnType<typeof useCosUploader>
