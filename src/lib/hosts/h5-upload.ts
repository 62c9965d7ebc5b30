// Uploading on H5 with the browser's own XHR, in uploadFile's shape, so upload-form.ts gives it the timeouts, abort,
// progress and error mapping of every host's uploadFile. The picked File goes into the FormData as it is: the browser
// streams it from disk, nothing is read into the page or copied.
import type { HostAnswer, HostCallbacks, HostProgress, HostUploadTask } from './types'

export interface XhrUploadOptions extends HostCallbacks<HostAnswer> {
  url: string
  filePath: string
  name: string
  formData?: Record<string, string>
  header?: Record<string, string>
  fileName?: string
  /** The picked File (or any Blob); without it, `filePath` (a blob: or data: URL) is fetched first. */
  file?: Blob
}

export function xhrUploadFile({ url, filePath, name, formData = {}, header = {}, fileName, file, success, fail }: XhrUploadOptions): HostUploadTask {
  const xhr = new XMLHttpRequest()
  const listeners: Array<(event: HostProgress) => void> = []
  let aborted = false
  // A bare `uploadFile:fail` is a network error (hosts/diagnose.ts), as uni-h5 reports an XHR error.
  const failed = (reason = '') => fail?.({ errMsg: `uploadFile:fail${reason && ` ${reason}`}` })
  const post = (body: Blob) => {
    if (aborted) return
    const form = new FormData()
    for (const field of Object.keys(formData)) form.append(field, formData[field])
    form.append(name, body, fileName || (body as File).name || 'file')
    xhr.open('POST', url)
    // Wildcard-CORS buckets refuse credentials.
    xhr.withCredentials = false
    for (const field of Object.keys(header)) xhr.setRequestHeader(field, header[field])
    // Listening to upload progress makes the POST preflighted; the bucket's CORS answer is cached (Max-Age).
    xhr.upload.onprogress = ({ loaded, total }) => listeners.forEach((listener) => listener({ totalBytesSent: loaded, totalBytesExpectedToSend: total }))
    // Any HTTP answer; its headers as far as the bucket's CORS ExposeHeaders lets the page read them (ETag).
    xhr.onload = () => success?.({ statusCode: xhr.status, header: xhr.getAllResponseHeaders(), data: xhr.responseText })
    xhr.onerror = () => failed()
    // No onabort: abort() comes from upload-form.ts, which settles the attempt itself (as canceled, or timed out).
    xhr.send(form)
  }
  if (file) post(file)
  else fetch(filePath).then((res) => res.blob()).then(post, () => failed(`file not readable`))
  return {
    abort() {
      aborted = true
      xhr.abort()
    },
    onProgressUpdate: (listener) => void listeners.push(listener),
  }
}
