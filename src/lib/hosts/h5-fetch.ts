// HTTP on H5 with the browser's own fetch, in the shapes of request and downloadFile, so request.ts and download.ts
// give it the timeouts, abort and error mapping of every host: Taro H5's and uni-h5's own request and downloadFile
// would bring their shims into every H5 app for one HEAD and one download.
import type { HostAnswer, HostApi, HostCallbacks, HostFailure } from './types'

type RequestOptions = Parameters<NonNullable<HostApi['request']>>[0]
type DownloadOptions = { url: string } & HostCallbacks<{ tempFilePath?: string; statusCode?: number }>

/** Any HTTP answer goes to `success` (status, the headers the bucket's CORS exposes, the text); no answer to `fail`. */
export function fetchRequest({ url, method, success, fail }: RequestOptions): { abort(): void } {
  const controller = new AbortController()
  // Wildcard-CORS buckets refuse credentials; never answered from the HTTP cache.
  fetch(url, { method, credentials: 'omit', cache: 'no-store', signal: controller.signal })
    .then(async (res): Promise<HostAnswer> => ({ statusCode: res.status, header: headerObject(res.headers), data: method === 'HEAD' ? '' : await res.text() }))
    // A bare `request:fail` is a network error (hosts/diagnose.ts); abort and timeout are settled by request.ts.
    .then((answer) => success?.(answer), () => fail?.({ errMsg: 'request:fail' } as HostFailure & HostAnswer))
  return { abort: () => controller.abort() }
}

/** The body as an object URL (the temp path of H5), with the status: download.ts reads back a 403's COS error. */
export function fetchDownload({ url, success, fail }: DownloadOptions): void {
  fetch(url, { credentials: 'omit' })
    // An error answer's body isn't kept: download.ts asks `request` for it.
    .then(async (res) => ({ statusCode: res.status, tempFilePath: res.ok ? URL.createObjectURL(await res.blob()) : undefined }))
    .then((answer) => success?.(answer), () => fail?.({ errMsg: 'downloadFile:fail' }))
}

function headerObject(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {}
  headers.forEach((value, name) => {
    out[name] = value
  })
  return out
}
