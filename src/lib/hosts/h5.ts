// H5, for Taro and uni-app alike: the one place that decides what the H5 host runs on. Today that is the framework's
// own H5 APIs (Taro H5's shims, uni-app's uni-h5), except saving, which is the browser's download either way: Taro
// H5's saveImageToPhotosAlbum clicks a link and always "succeeds", uni-h5's is "not supported".
import type { HostApi, HostCallbacks } from './types'

/** The API object the H5 host runs on, given the framework's. */
export function h5Api(framework: HostApi): HostApi {
  // The rest is inherited, so a class instance keeps its methods.
  return Object.assign(Object.create(framework) as HostApi, { saveImageToPhotosAlbum: browserDownload })
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
