// FormTransport.head over Taro.request: a signed HEAD that tells whether an upload whose answer was lost is stored
// (issue 7). The COS domain then belongs in the `request` allowlist too.
import type { HeadResponse } from '../core/transport'
import { hostFailure, unsupportedApi } from './host-error'
import { hostId } from './host-id'
import { checkHttpUrl } from './http-url'
import { rawApi } from './taro-api'
import { headersOf } from './upload-form'

/** `statusCode` (WeChat-like, Taro's Alipay success) or Alipay's own `status`; a number or, on some hosts, a string. */
interface HostAnswer { statusCode?: number | string; status?: number | string; header?: unknown; headers?: unknown }

const statusOf = (answer: HostAnswer): number => Number(answer.statusCode ?? answer.status)

export function head({ url, timeout }: { url: string; timeout?: number }): Promise<HeadResponse> {
  checkHttpUrl(url, { 'zh-CN': 'HEAD 地址', en: 'HEAD URL' })
  const request = rawApi('request')
  return new Promise<HeadResponse>((resolve, reject) => {
    if (typeof request !== 'function') return reject(unsupportedApi('request'))
    let timer: ReturnType<typeof setTimeout> | undefined
    // Any HTTP status is an answer, also through `fail`: Alipay fails every non-2xx answer (error 19) with its status
    // and headers. Without a status (network failure, timeout, a host quirk) it is a failure.
    const settle = (raw: unknown) => {
      clearTimeout(timer)
      const status = statusOf((raw ?? {}) as HostAnswer)
      if (status >= 100 && status <= 599) resolve({ statusCode: status, headers: headersOf(raw) })
      else reject(hostFailure(raw, { api: 'request', url }))
    }
    const options = {
      url, method: 'HEAD', dataType: 'text', success: settle, fail: settle,
      ...(timeout ? { timeout } : {}),
      // H5 (fetch): never answer from the HTTP cache.
      ...(hostId() === 'h5' ? { cache: 'no-store' } : {}),
    }
    try {
      const task = request(options) as (Promise<unknown> & { abort?: () => void }) | undefined
      // Taro's promise rejects with what `fail` gets, or alone when the host global lacks `request`.
      if (task && typeof task.then === 'function') task.then(undefined, settle)
      // Settle on time whatever the host does with `timeout` (some ignore it).
      if (timeout) {
        timer = setTimeout(() => {
          task?.abort?.()
          settle({ errMsg: 'request:fail timeout' })
        }, timeout)
      }
    } catch (error) {
      settle(error)
    }
  })
}
