// One host request, settled once with the HTTP answer whatever the host: success, `fail` with a status (Alipay fails
// every non-2xx, error 19), Taro's rejected promise, a timeout the host may ignore, or an abort. Used by head() (the
// FormTransport's check whether an upload whose answer was lost is stored: the COS domain then belongs in the
// `request` allowlist too) and by download()'s read-back of a COS error.
import { DEFAULT_IDLE_TIMEOUT_MS, type AbortSignalLike, type HeadRequest, type HeadResponse } from '../core/transport'
import { checkHttpUrl, hostFailure, unsupportedApi } from './errors'
import { apiOf, type Platform } from './platform'
import type { HostAnswer } from './types'
import { headersOf } from './upload-form'

export interface RequestAnswer {
  statusCode: number
  headers: Record<string, string>
  data: unknown
}

export function requestAnswer(platform: Platform, request: {
  url: string; method: 'HEAD' | 'GET'; timeout?: number; text?: boolean; signal?: AbortSignalLike
}): Promise<RequestAnswer> {
  const { url, method, timeout = DEFAULT_IDLE_TIMEOUT_MS, signal } = request
  const call = apiOf(platform, 'request')
  return new Promise<RequestAnswer>((resolve, reject) => {
    if (!call) return reject(unsupportedApi('request'))
    let timer: ReturnType<typeof setTimeout> | undefined
    let settled = false
    // Any HTTP status is an answer, also through `fail`. Without a status (network failure, timeout, a host quirk) it
    // is a failure.
    const settle = (raw: unknown) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      const answer = (raw ?? {}) as HostAnswer
      const status = Number(answer.statusCode ?? answer.status)
      if (status >= 100 && status <= 599) resolve({ statusCode: status, headers: headersOf(answer), data: answer.data })
      else reject(hostFailure(raw, { api: 'request', url, host: platform.id }))
    }
    const options = {
      url, method, dataType: 'text', success: settle, fail: settle,
      ...(request.text ? { responseType: 'text' } : {}),
      timeout,
      // H5 (fetch): never answer from the HTTP cache.
      ...(platform.id === 'h5' ? { cache: 'no-store' } : {}),
    }
    try {
      const task = call(options) as (Promise<unknown> & { abort?: () => void }) | undefined
      // Taro's promise rejects with what `fail` gets, or alone when the host global lacks `request`.
      if (task && typeof task.then === 'function') task.then(undefined, settle)
      const end = (errMsg: string) => () => {
        task?.abort?.()
        settle({ errMsg })
      }
      // Settle on time whatever the host does with `timeout` (some ignore it).
      timer = setTimeout(end('request:fail timeout'), timeout)
      signal?.addEventListener('abort', end('request:fail abort'))
    } catch (error) {
      settle(error)
    }
  })
}

/** HEAD of a (signed) URL. Bad input throws at once, before any request, like the other host calls. */
export function head(platform: Platform, { url, timeout, signal }: HeadRequest): Promise<HeadResponse> {
  checkHttpUrl(url, 'head-url')
  return requestAnswer(platform, { url, method: 'HEAD', timeout, signal }).then(({ statusCode, headers }) => ({ statusCode, headers }))
}
