import { HostError, invalidInput } from '../core/errors'
import type { CosServiceError } from '../core/errors'
import { objectKeyFromUrl } from '../core/objectUrl'
import { errorFromResponse, parseCosError } from '../core/parseCosError'
import { hostId } from './host-id'
import { unsupported } from './host-error'
import { reasons } from './reasons'
import { callApi } from './taro-api'
import { requestAnswer } from './request-answer'

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

// downloadFile writes the body of an error answer to the temp file, which only the file-system API could read; the
// same GET through `request` hands back COS's XML error with its headers. Asked only after a 403, whose Code
// (AccessDenied, SignatureDoesNotMatch, an expired signature) decides the fix. Resolves undefined when that answer
// isn't the same status with a COS error body (request not allowlisted, another answer, no answer in time): the
// caller keeps the HTTP error.
const READ_BACK_TIMEOUT_MS = 10_000

async function cosErrorOf(url: string, status: number): Promise<CosServiceError | undefined> {
  const answer = await requestAnswer({ url, method: 'GET', timeout: READ_BACK_TIMEOUT_MS, text: true }).catch(() => undefined)
  const body = typeof answer?.data === 'string' ? answer.data : ''
  if (!answer || answer.statusCode !== status || !parseCosError(body)) return undefined
  return errorFromResponse({ statusCode: status, headers: answer.headers, data: body }, { action: 'name/cos:GetObject', key: objectKeyFromUrl(url) })
}
