import { HostError, invalidInput } from '../core/errors'
import type { CosServiceError } from '../core/errors'
import { errorFromResponse, parseCosError } from '../core/parseCosError'
import { hostId } from './host-id'
import { unsupported } from './host-error'
import { reasons } from './reasons'
import { callApi, rawApi } from './taro-api'
import { headersOf } from './upload-form'

/** An http(s) URL, not a host temp path that looks like one (WeChat DevTools `http://tmp/`, Alipay `https://resource/`). */
export function isRemoteUrl(value: string): boolean {
  return /^https?:\/\//i.test(value) && !/^https?:\/\/(tmp|usr|resource)\//i.test(value)
}

/** Downloads an http(s) URL to a host temp path (a blob: URL on H5); refused on an unknown host, as capabilities() says. */
export async function download(url: string): Promise<string> {
  if (hostId() === 'unknown') throw unsupported(reasons.unknownHost())
  if (typeof url !== 'string' || !isRemoteUrl(url)) {
    throw invalidInput('invalid-url', `下载地址应为 http(s) URL，收到 ${String(url)}`, `Download URL must be an http(s) URL, got ${String(url)}`, { url })
  }
  // Taro H5 defaults to withCredentials: true, which wildcard-CORS buckets refuse.
  const options = hostId() === 'h5' ? { url, withCredentials: false } : { url }
  const res = await callApi<{ tempFilePath?: string; statusCode?: number | string }>('downloadFile', options, { url })
  const status = Number(res.statusCode ?? 200)
  if (status === 403) {
    const denied = await cosErrorOf(url, status)
    if (denied) throw denied
  }
  if (status < 200 || status > 299) {
    throw new HostError(`downloadFile:ok ${status}`, {
      code: 'download-http-error',
      message: { 'zh-CN': `下载失败：HTTP ${status}（${hostId()}）`, en: `Download failed: HTTP ${status} (${hostId()})` },
      retryable: status >= 500,
      detail: { statusCode: status, url },
    })
  }
  if (!res.tempFilePath) throw unsupported(reasons.noResult('downloadFile'))
  return res.tempFilePath
}

/** The object key a download URL names; in COS's path style the path starts with the bucket. */
function keyOf(url: string): string | undefined {
  const parts = /^https?:\/\/([^/?#]+)\/([^?#]*)/i.exec(url)
  if (!parts || !parts[2]) return undefined
  const path = /^cos\.[a-z\d-]+\.myqcloud\.com$/i.test(parts[1]) ? parts[2].replace(/^[^/]*\//, '') : parts[2]
  try {
    return decodeURIComponent(path)
  } catch {
    return undefined
  }
}

// downloadFile writes the body of an error answer to the temp file, which only the file-system API could read; the
// same GET through `request` hands back COS's XML error with its headers. Asked only after a 403, whose Code
// (AccessDenied, SignatureDoesNotMatch, an expired signature) decides the fix. Resolves undefined when that answer
// isn't the same status with a COS error body (request not allowlisted, another answer): the caller keeps the HTTP error.
function cosErrorOf(url: string, status: number): Promise<CosServiceError | undefined> {
  const request = rawApi('request')
  return new Promise((resolve) => {
    if (typeof request !== 'function') return resolve(undefined)
    // Alipay answers every non-2xx through `fail` (error 19), with its status, data and headers.
    const settle = (raw: unknown) => {
      const answer = (raw ?? {}) as { statusCode?: number | string; status?: number | string; data?: unknown }
      const body = typeof answer.data === 'string' ? answer.data : ''
      if (Number(answer.statusCode ?? answer.status) !== status || !parseCosError(body)) return resolve(undefined)
      resolve(errorFromResponse({ statusCode: status, headers: headersOf(raw), data: body }, { action: 'name/cos:GetObject', key: keyOf(url) }))
    }
    try {
      const task = request({ url, method: 'GET', dataType: 'text', responseType: 'text', success: settle, fail: settle }) as Promise<unknown> | undefined
      // Taro's promise rejects with what `fail` already got, or alone when the host global lacks `request`.
      if (task && typeof task.then === 'function') task.then(undefined, settle)
    } catch {
      resolve(undefined)
    }
  })
}
