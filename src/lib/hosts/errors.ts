// Host failures → typed errors: the errMsg diagnosis (diagnose.ts) with what only the running host layer knows:
// the host, an errMsg where the host gives none, the refused domain; and the host functions' bad input.
import { HostError, invalidInput } from '../core/errors'
import type { MessageId } from '../core/messages'
import { parseHttpUrl } from '../core/url'
import { hostErrorFrom } from './diagnose'
import { reasons } from './reasons'
import type { CapabilityReason, HostId } from './types'

export interface FailureContext {
  api: string
  host: HostId
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

export function hostFailure(raw: unknown, context: FailureContext): HostError {
  const error = hostErrorFrom(errMsgOf(raw, context.api), parseHttpUrl(context.url)?.host)
  error.diagnosis.detail = { ...error.diagnosis.detail, host: context.host }
  return error
}

/** Throws InvalidInputError unless `url` is an http(s) URL; `what` names it in the message (never the URL itself). */
export function checkHttpUrl(url: unknown, what: MessageId): void {
  if (!parseHttpUrl(url)) throw invalidInput('invalid-url', { url }, { what })
}

/** A user cancel (picker closed): silent, never an error the user sees. */
export function isCancel(error: unknown): boolean {
  // 用户取消: Alipay's text, which uni passes on as the reason (diagnose.ts).
  return error instanceof HostError && /:fail (cancel|用户取消)|^cancel/i.test(error.errMsg)
}

/** The host lacks what was asked: a typed error with the capability's reason. */
export function unsupported(reason: CapabilityReason, errMsg = reason.code): HostError {
  return new HostError(errMsg, { code: reason.code, message: reason.message, retryable: false }, 'unsupported')
}

export function unsupportedApi(api: string): HostError {
  return unsupported(reasons.missingApi(api), `${api}:fail not supported`)
}
