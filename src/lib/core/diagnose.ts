// What a COS error or a host errMsg means, and what to do about it.
import { clockOffsetFromDate } from './clockOffset'
import { diagnosis } from './diagnosisText'
import type { DiagnosisCode } from './diagnosisText'
import type { CosErrorBody, Diagnosis, ErrorKind, LocalizedText } from './errors'
import { HostError } from './errors'

export interface DiagnosisContext {
  /** The client's own signature strings, to compare with the server's StringToSign / FormatString. */
  local?: { httpString: string; stringToSign: string }
  key?: string
  /** Bytes of the file the request sent. */
  size?: number
  /** Key prefixes the credentials allow. */
  allowPrefix?: string[]
  /** The CAM action the request needed, e.g. `name/cos:PostObject`. */
  action?: string
  /** The KeyTime the request was signed with (`start;end`, Unix seconds): tells "not valid yet" from "expired". */
  keyTime?: string
  /** Device time of the response, for the clock offset; default Date.now(). */
  nowMs?: number
  usingTemporaryKey?: boolean
  /** The host the request went to. */
  domain?: string
  pathStyle?: boolean
}

/** 1-based number of the first line where `a` and `b` differ (a final newline ignored); 0 when equal. */
export function firstDifferingLine(a: string, b: string): number {
  const x = a.replace(/\n$/, '').split('\n')
  const y = b.replace(/\n$/, '').split('\n')
  for (let i = 0; i < Math.max(x.length, y.length); i++) if (x[i] !== y[i]) return i + 1
  return 0
}

function signatureMismatch(cos: CosErrorBody, local: DiagnosisContext['local']): Diagnosis {
  const server = { httpString: cos.FormatString, stringToSign: cos.StringToSign }
  if (!local || server.httpString == null || server.stringToSign == null) {
    return diagnosis('signature-mismatch', { at: 'FormatString/StringToSign', server })
  }
  const httpLine = firstDifferingLine(local.httpString, server.httpString)
  const signLine = firstDifferingLine(local.stringToSign, server.stringToSign)
  if (!httpLine && !signLine) return diagnosis('secret-key-mismatch', { server })
  const field = httpLine ? 'HttpString' : 'StringToSign'
  const line = httpLine || signLine
  const [mine, theirs] = httpLine ? [local.httpString, server.httpString] : [local.stringToSign, server.stringToSign]
  return diagnosis('signature-mismatch', {
    at: `${field} line ${line}`, field, line, local: mine.split('\n')[line - 1], server: theirs.split('\n')[line - 1],
  })
}

function signedSeconds(ms: number): string {
  return (ms < 0 ? '' : '+') + Math.round(ms / 1000) + ' s'
}

/** The virtual-hosted domain for a path-style request, from its host and the error's Resource. */
function virtualHost(cos: CosErrorBody, domain = ''): string {
  const region = /cos\.([a-z\d-]+)\.myqcloud\.com/.exec(domain + ' ' + cos.Resource)
  const bucket = /myqcloud\.com\/([a-z\d-]+-\d+)/.exec(cos.Resource || '')
  return `${bucket ? bucket[1] : '<bucket>'}.cos.${region ? region[1] : '<region>'}.myqcloud.com`
}

// Where the request's key or action isn't known, the texts say where to look instead.
const SOME_KEY = { en: 'the object key sent (form field key / URL path)', 'zh-CN': '所传对象键（表单 key 字段或 URL 路径）' }
const SOME_ACTION = {
  en: 'its action (upload: name/cos:PostObject; download: name/cos:GetObject)',
  'zh-CN': '对应 action（上传 name/cos:PostObject，下载 name/cos:GetObject）',
}

function accessDenied({ key, action }: DiagnosisContext): Diagnosis {
  const detail: Record<string, unknown> = {}
  const words: Record<string, LocalizedText> = {}
  if (action) detail.action = action
  else words.action = SOME_ACTION
  if (key !== undefined) detail.key = key
  else words.key = SOME_KEY
  return diagnosis('access-denied', Object.keys(detail).length ? detail : undefined, words)
}

// COS's Message names no number ("Condition key content-length-range doesn't match the value", doc 436/39963): the
// size comes from the file the client sent, when it says.
function sizeOutsideRange(code: 'entity-too-large' | 'entity-too-small', size: number | undefined): Diagnosis {
  if (!(typeof size === 'number' && size >= 0)) return diagnosis(code, undefined, { file: { en: 'File', 'zh-CN': '文件' } })
  return diagnosis(code, { size }, { file: { en: `File (${size} B)`, 'zh-CN': `文件（${size} 字节）` } })
}

/** COS says "expired" also when the KeyTime starts after its clock: a fast signing clock (STS server or device). */
function expiredOrNotYetValid(dateHeader: string | undefined, keyTime: string | undefined): Diagnosis | undefined {
  const serverMs = dateHeader ? Date.parse(dateHeader) : NaN
  const startMs = Number((keyTime || '').split(';')[0]) * 1000
  // The Date header has whole seconds.
  if (isNaN(serverMs) || !(startMs > serverMs + 1000)) return undefined
  return diagnosis('signature-not-yet-valid', { ahead: signedSeconds(startMs - serverMs), aheadMs: startMs - serverMs })
}

const BY_CODE: Record<string, DiagnosisCode> = {
  InvalidAccessKeyId: 'invalid-access-key-id',
  ExpiredToken: 'expired-token',
  NoSuchBucket: 'no-such-bucket',
  InvalidPolicyDocument: 'invalid-policy-document',
  MalformedPOSTRequest: 'malformed-post-request',
}

export function diagnoseCosError(
  status: number, cos: CosErrorBody, headers: Record<string, string> = {}, context: DiagnosisContext = {},
): Diagnosis {
  const { Code, Message } = cos
  const clockOffsetMs = clockOffsetFromDate(headers.date, context.nowMs ?? Date.now())
  const clock = { clockOffsetMs, offset: clockOffsetMs === undefined ? '?' : signedSeconds(clockOffsetMs) }
  const { key, allowPrefix } = context
  if (Code === 'RequestTimeTooSkewed') return diagnosis('clock-skewed', clock)
  if (Code === 'AccessDenied') {
    if (/request has expired/i.test(Message)) return expiredOrNotYetValid(headers.date, context.keyTime) ?? diagnosis('request-expired', clock)
    if (/post object request has been expired/i.test(Message)) return diagnosis('policy-expired')
    const condition = /condition key (\S+)/i.exec(Message)
    if (condition) return diagnosis('policy-condition-mismatch', { field: condition[1] })
    if (key !== undefined && allowPrefix && !allowPrefix.some((prefix) => key.indexOf(prefix) === 0)) {
      return diagnosis('key-outside-prefix', { key, allowPrefix })
    }
    return accessDenied(context)
  }
  if (Code === 'SignatureDoesNotMatch') return signatureMismatch(cos, context.local)
  if (Code === 'PathStyleDomainForbidden') return diagnosis('path-style-forbidden', { domain: virtualHost(cos, context.domain) })
  // A TmpSecretId COS no longer knows has usually just expired: fresh credentials fix it.
  if (Code === 'InvalidAccessKeyId' && context.usingTemporaryKey) return { ...diagnosis('invalid-access-key-id'), retryable: true }
  if (Code === 'EntityTooLarge') return sizeOutsideRange('entity-too-large', context.size)
  if (Code === 'EntityTooSmall') return sizeOutsideRange('entity-too-small', context.size)
  if (BY_CODE[Code]) return diagnosis(BY_CODE[Code])
  return diagnosis(status >= 500 ? 'server-error' : 'cos-error', { status, Code, Message })
}

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

/** A HostError for a host API's `errMsg` (`<api>:fail <reason>`); `context.domain` names the refused domain. */
export function hostErrorFrom(errMsg: string, context: DiagnosisContext = {}): HostError {
  const text = String(errMsg)
  const api = (/^(\w+):/.exec(text) || ['', ''])[1]
  const [found, kind] = hostDiagnosis(text, api, context.domain)
  return new HostError(text, found, kind)
}
