// Host failures → typed errors: what a mini-program errMsg (`<api>:fail <reason>`) means and what to do about it,
// with what only the host layer knows: the host, an errMsg where the host gives none, the refused domain; and the
// host functions' bad input.
import { HostError, invalidInput, type ErrorKind } from '../core/errors'
import { diagnosis, type Diagnosis, type MessageId } from '../core/messages'
import { parseHttpUrl } from '../core/url'
import { reasons } from './reasons'
import { hostId } from './taro-api'
import type { CapabilityReason } from './types'

export interface FailureContext {
  api: string
  /** The URL the API was called with: names the domain in "url not in domain list". */
  url?: string
}

// Alipay fails with `{error, errorMessage}` instead of an errMsg; its codes mean different things per API
// (my.* API docs: 4 on network APIs = domain not allowlisted, also 11 on my.request, 13 there = timeout,
// 9 = aborted, 11 on chooseImage = user cancel, 15 on saveImageToPhotosAlbum = no album access).
const ALIPAY_CODES: Record<string, string> = {
  'uploadFile:4': 'url not in domain list', 'downloadFile:4': 'url not in domain list', 'uploadFile:9': 'abort',
  'request:4': 'url not in domain list', 'request:11': 'url not in domain list', 'request:13': 'timeout',
  'chooseImage:11': 'cancel', 'saveImageToPhotosAlbum:15': 'auth deny',
}

/** The host's failure as a WeChat-style errMsg (`<api>:fail <reason>`). */
export function errMsgOf(raw: unknown, api: string): string {
  const r = (raw ?? {}) as { errMsg?: unknown; error?: unknown; errorMessage?: unknown; message?: unknown }
  if (typeof r.errMsg === 'string') return r.errMsg
  if (typeof r.error === 'number') return `${api}:fail ${ALIPAY_CODES[`${api}:${r.error}`] ?? r.errorMessage ?? r.error}`
  return `${api}:fail ${typeof r.message === 'string' ? r.message : String(raw)}`
}

// The privacy declaration the api needs (WeChat's privacy guide names): picking or album writes.
const PICKING = /choose|preview/i

function hostDiagnosis(errMsg: string, api: string, domain?: string): [Diagnosis, ErrorKind?] {
  if (/domain list|合法域名/i.test(errMsg)) {
    const list = /download/i.test(api) ? 'downloadFile' : /upload/i.test(api) ? 'uploadFile' : 'request'
    return [diagnosis('domain-not-allowed', { domain: domain || '?', list, api })]
  }
  if (/scope is not declared/i.test(errMsg)) {
    return [diagnosis('privacy-scope-undeclared', { api, declare: PICKING.test(api) ? '选中的照片或视频信息' : '相册（仅写入）权限' })]
  }
  if (/privacy permission is not authorized/i.test(errMsg)) return [diagnosis('privacy-not-authorized', { api })]
  if (/auth den|authorize:fail|permission denied/i.test(errMsg)) return [diagnosis('permission-denied', { api })]
  // Taro H5 reports an XHR network error as `uploadFile:fail undefined`.
  if (/time(d)? ?out|interrupted|socket|network|econn|connection (reset|refused|closed|lost)|网络|fail undefined$/i.test(errMsg)) {
    return [diagnosis('network-error', { api }), 'network']
  }
  if (/abort|cancel/i.test(errMsg)) return [diagnosis('canceled', { api }), 'canceled']
  return [diagnosis('host-error', { api, errMsg })]
}

/** A HostError for a host API's `errMsg` (`<api>:fail <reason>`); `domain` names the refused domain. */
export function hostErrorFrom(errMsg: string, domain?: string): HostError {
  const text = String(errMsg)
  const api = (/^(\w+):/.exec(text) || ['', ''])[1]
  const [found, kind] = hostDiagnosis(text, api, domain)
  return new HostError(text, found, kind)
}

export function hostFailure(raw: unknown, context: FailureContext): HostError {
  const error = hostErrorFrom(errMsgOf(raw, context.api), parseHttpUrl(context.url)?.host)
  error.diagnosis.detail = { ...error.diagnosis.detail, host: hostId() }
  return error
}

/** Throws InvalidInputError unless `url` is an http(s) URL; `what` names it in the message (never the URL itself). */
export function checkHttpUrl(url: unknown, what: MessageId): void {
  if (!parseHttpUrl(url)) throw invalidInput('invalid-url', { url }, { what })
}

/** A user cancel (picker closed): silent, never an error the user sees. */
export function isCancel(error: unknown): boolean {
  return error instanceof HostError && /:fail cancel|^cancel/i.test(error.errMsg)
}

/** The host lacks what was asked: a typed error with the capability's reason. */
export function unsupported(reason: CapabilityReason, errMsg = reason.code): HostError {
  return new HostError(errMsg, { code: reason.code, message: reason.message, retryable: false }, 'unsupported')
}

export function unsupportedApi(api: string): HostError {
  return unsupported(reasons.missingApi(api), `${api}:fail not supported`)
}
