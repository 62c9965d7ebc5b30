// H5, for Taro and uni-app alike: the one place that decides what the H5 host runs on. The browser is the platform:
// picking, uploading and previews use it directly (h5-pick.ts, h5-upload.ts, h5-preview.ts), where Taro H5's and
// uni-h5's shims would draw a canvas thumbnail of every picked image and read each file back before posting it.
// The rest stays the framework's (HEAD and downloads, dialogs). Saving is the browser's download either way: Taro H5's
// saveImageToPhotosAlbum clicks a link and always "succeeds", uni-h5's is "not supported".
import { showH5Preview } from './h5-preview'
import { chooseFiles } from './h5-pick'
import { xhrUploadFile } from './h5-upload'
import type { HostApi, HostCallbacks } from './types'

/** The API object of any H5 host, given its own (a platform of your own keeps its methods): saving downloads. */
export function h5Api(framework: HostApi): HostApi {
  return withApis(framework, { saveImageToPhotosAlbum: browserDownload })
}

/**
 * The API object of the adapters' H5 host: the framework's, with picking, uploading, previews and saving done by the
 * browser. Only reached behind the build's literal platform test (taro.ts, uni.ts), so mini-program builds drop it.
 */
export function browserApi(framework: HostApi): HostApi {
  return withApis(framework, {
    chooseMedia: chooseFiles,
    uploadFile: xhrUploadFile,
    previewImage: ({ urls, current, success }) => showH5Preview(urls, Math.max(urls.indexOf(current ?? urls[0]), 0)).then(success),
    saveImageToPhotosAlbum: browserDownload,
  })
}

function withApis(framework: HostApi, own: HostApi): HostApi {
  // The rest is inherited, so a class instance keeps its methods.
  return Object.assign(Object.create(framework) as HostApi, own)
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
