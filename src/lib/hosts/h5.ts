// H5, for Taro and uni-app alike: the one place that decides what the H5 host runs on. The browser is the platform:
// picking, uploading, HEAD and downloads, previews and the dialog use it directly (h5-pick.ts, h5-upload.ts,
// h5-fetch.ts, h5-preview.ts, h5-dialog.ts), so an H5 build references none of Taro H5's or uni-h5's API shims (a
// canvas thumbnail of every picked image, each file read back before posting it, ~50 KB of toast/modal/system code).
// Saving is the browser's download: Taro H5's saveImageToPhotosAlbum clicks a link and always "succeeds", uni-h5's
// is "not supported". No getSetting/authorize (no permission flow), no compressImage (capabilities.ts says so).
import { showH5Dialog } from './h5-dialog'
import { fetchDownload, fetchRequest } from './h5-fetch'
import { showH5Preview } from './h5-preview'
import { chooseFiles } from './h5-pick'
import { xhrUploadFile } from './h5-upload'
import type { HostApi, HostCallbacks } from './types'

/** The API object of any H5 host, given its own (a platform of your own keeps its methods): saving downloads. */
export function h5Api(framework: HostApi): HostApi {
  // The rest is inherited, so a class instance keeps its methods.
  return Object.assign(Object.create(framework) as HostApi, { saveImageToPhotosAlbum: browserDownload })
}

/**
 * The API object of the adapters' H5 host: the browser's alone. Only reached behind the build's literal platform test
 * (taro.ts, uni.ts), so mini-program builds drop it, and H5 builds drop the framework's API object.
 */
export function browserApi(): HostApi {
  return {
    chooseMedia: chooseFiles,
    uploadFile: xhrUploadFile,
    request: fetchRequest,
    downloadFile: fetchDownload,
    previewImage: ({ urls, current, success }) => showH5Preview(urls, Math.max(urls.indexOf(current ?? urls[0]), 0)).then(success),
    showModal: ({ title, content, confirmText, success }) => showH5Dialog({ title, content, confirmText }).then(() => success?.({ confirm: true, cancel: false })),
    saveImageToPhotosAlbum: browserDownload,
  }
}

/**
 * Hands the file (a blob: or same-origin URL) to the browser as a download. Browsers say nothing about where it went
 * or whether the user refused, so this only "succeeds": the host reports 'downloaded', never 'saved'.
 */
function browserDownload({ filePath, success }: { filePath: string } & HostCallbacks<unknown>): void {
  const link = document.createElement('a')
  link.style.display = 'none'
  link.href = filePath
  // Empty: the browser names the file (from the blob's type), as Taro H5 does.
  link.download = ''
  document.body.appendChild(link)
  link.click()
  link.remove()
  success?.({ errMsg: 'saveImageToPhotosAlbum:ok' })
}
