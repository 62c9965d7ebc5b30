// FormTransport.head over Taro.request: a signed HEAD that tells whether an upload whose answer was lost is stored
// (issue 7). The COS domain then belongs in the `request` allowlist too.
import type { HeadRequest, HeadResponse } from '../core/transport'
import { checkHttpUrl } from './http-url'
import { requestAnswer } from './request-answer'

/** Bad input throws at once, before any request, like the other host calls. */
export function head({ url, timeout, signal }: HeadRequest): Promise<HeadResponse> {
  checkHttpUrl(url, { 'zh-CN': 'HEAD 地址', en: 'HEAD URL' })
  return requestAnswer({ url, method: 'HEAD', timeout, signal }).then(({ statusCode, headers }) => ({ statusCode, headers }))
}
