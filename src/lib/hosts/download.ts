import { HostError, invalidInput } from '../core/errors'
import { hostId } from './host-id'
import { unsupported } from './host-error'
import { reasons } from './reasons'
import { callApi } from './taro-api'

/** An http(s) URL, not a host temp path that looks like one (WeChat DevTools `http://tmp/`, Alipay `https://resource/`). */
export function isRemoteUrl(value: string): boolean {
  return /^https?:\/\//i.test(value) && !/^https?:\/\/(tmp|usr|resource)\//i.test(value)
}

/** Downloads an http(s) URL to a host temp path (a blob: URL on H5). */
export async function download(url: string): Promise<string> {
  if (typeof url !== 'string' || !isRemoteUrl(url)) {
    throw invalidInput('invalid-url', `下载地址应为 http(s) URL，收到 ${String(url)}`, `Download URL must be an http(s) URL, got ${String(url)}`, { url })
  }
  // Taro H5 defaults to withCredentials: true, which wildcard-CORS buckets refuse.
  const options = hostId() === 'h5' ? { url, withCredentials: false } : { url }
  const res = await callApi<{ tempFilePath?: string; statusCode?: number | string }>('downloadFile', options, { url })
  const status = Number(res.statusCode ?? 200)
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
