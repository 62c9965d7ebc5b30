import { errorFromResponse, parseCosError } from '../core/diagnose'
import { HostError, invalidInput, type CosServiceError } from '../core/errors'
import { objectKeyFromUrl, parseHttpUrl } from '../core/url'
import { requireCapability } from './capabilities'
import { unsupported } from './errors'
import { callApi, type Platform } from './platform'
import { reasons } from './reasons'
import { requestAnswer } from './request'
import { hostTexts } from './texts'

/** An http(s) URL, not a host temp path that looks like one (WeChat DevTools `http://tmp/`, Alipay `https://resource/`). */
export function isRemoteUrl(value: string): boolean {
  const url = parseHttpUrl(value)
  return !!url && !/^(tmp|usr|resource)$/.test(url.host)
}

/** Downloads an http(s) URL to a host temp path (a blob: URL on H5); refused where capabilities().download is off. */
export async function download(platform: Platform, url: string): Promise<string> {
  requireCapability(platform, 'download')
  if (typeof url !== 'string' || !isRemoteUrl(url)) throw invalidInput('invalid-url', { url }, { what: 'download-url' })
  // Taro H5 defaults to withCredentials: true, which wildcard-CORS buckets refuse.
  const options = platform.id === 'h5' ? { url, withCredentials: false } : { url }
  const res = await callApi<{ tempFilePath?: string; statusCode?: number | string }>(platform, 'downloadFile', options, { url })
  const status = Number(res.statusCode ?? 200)
  if (status === 403) {
    const denied = await cosErrorOf(platform, url, status)
    if (denied) throw denied
  }
  if (status < 200 || status > 299) {
    const failed = hostTexts.diagnosis('download-http-error', { statusCode: status, url, host: platform.id })
    throw new HostError(`downloadFile:ok ${status}`, { ...failed, retryable: status >= 500 })
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

async function cosErrorOf(platform: Platform, url: string, status: number): Promise<CosServiceError | undefined> {
  const answer = await requestAnswer(platform, { url, method: 'GET', timeout: READ_BACK_TIMEOUT_MS, text: true }).catch(() => undefined)
  const body = typeof answer?.data === 'string' ? answer.data : ''
  if (!answer || answer.statusCode !== status || !parseCosError(body)) return undefined
  return errorFromResponse({ statusCode: status, headers: answer.headers, data: body }, { action: 'name/cos:GetObject', key: objectKeyFromUrl(url) })
}
