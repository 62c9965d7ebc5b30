// What COS's answer to a failed request means, and what to do about it: its XML error body read, a diagnosis a
// person can act on, and the typed error.
import { CosServiceError, type CosErrorBody } from './errors'
import { diagnosis, type Diagnosis, type MessageId } from './messages'

/** Server time minus device time, in ms, from a response's HTTP `Date` header; undefined when absent or unreadable. */
export function clockOffsetFromDate(dateHeader: string | undefined, nowMs: number): number | undefined {
  const serverMs = dateHeader ? Date.parse(dateHeader) : NaN
  return isNaN(serverMs) || !isFinite(nowMs) ? undefined : serverMs - nowMs
}

export interface DiagnosisContext {
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
function accessDenied({ key, action }: DiagnosisContext): Diagnosis {
  const detail: Record<string, unknown> = {}
  const words: Record<string, MessageId> = {}
  if (action) detail.action = action
  else words.action = 'some-action'
  if (key !== undefined) detail.key = key
  else words.key = 'some-key'
  return diagnosis('access-denied', Object.keys(detail).length ? detail : undefined, words)
}

// COS's Message names no number ("Condition key content-length-range doesn't match the value", doc 436/39963): the
// size comes from the file the client sent, when it says.
function sizeOutsideRange(code: 'entity-too-large' | 'entity-too-small', size: number | undefined): Diagnosis {
  if (!(typeof size === 'number' && size >= 0)) return diagnosis(code, undefined, { file: 'file' })
  return diagnosis(code, { size }, { file: 'file-sized' })
}

/** COS says "expired" also when the KeyTime starts after its clock: a fast signing clock (STS server or device). */
function expiredOrNotYetValid(dateHeader: string | undefined, keyTime: string | undefined): Diagnosis | undefined {
  const serverMs = dateHeader ? Date.parse(dateHeader) : NaN
  const startMs = Number((keyTime || '').split(';')[0]) * 1000
  // The Date header has whole seconds.
  if (isNaN(serverMs) || !(startMs > serverMs + 1000)) return undefined
  return diagnosis('signature-not-yet-valid', { ahead: signedSeconds(startMs - serverMs), aheadMs: startMs - serverMs })
}

const BY_CODE: Record<string, MessageId> = {
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
  if (Code === 'SignatureDoesNotMatch') {
    return diagnosis('signature-mismatch', { at: 'FormatString/StringToSign', server: { httpString: cos.FormatString, stringToSign: cos.StringToSign } })
  }
  if (Code === 'PathStyleDomainForbidden') return diagnosis('path-style-forbidden', { domain: virtualHost(cos, context.domain) })
  // A TmpSecretId COS no longer knows has usually just expired: fresh credentials fix it.
  if (Code === 'InvalidAccessKeyId' && context.usingTemporaryKey) return { ...diagnosis('invalid-access-key-id'), retryable: true }
  if (Code === 'EntityTooLarge') return sizeOutsideRange('entity-too-large', context.size)
  if (Code === 'EntityTooSmall') return sizeOutsideRange('entity-too-small', context.size)
  if (BY_CODE[Code]) return diagnosis(BY_CODE[Code])
  return diagnosis(status >= 500 ? 'server-error' : 'cos-error', { status, Code, Message })
}

// COS answers errors with a small XML body (doc 436/7730); read it without an XML library.

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

function decodeXmlText(text: string): string {
  const cdata = /^<!\[CDATA\[([\s\S]*)\]\]>$/.exec(text)
  if (cdata) return cdata[1]
  return text.replace(/&(?:([a-z]+)|#(\d+)|#x([\da-f]+));/gi, (entity, name: string, dec: string, hex: string) => {
    const code = name ? -1 : parseInt(dec || hex, dec ? 10 : 16)
    if (name) return ENTITIES[name] || entity
    return code <= 0x10ffff ? String.fromCodePoint(code) : entity
  })
}

// COS error bodies are well under 1 KB (with StringToSign, a few KB). On megabytes of tag soup the patterns below
// take quadratic time, so a longer body is not read as one.
const MAX_ERROR_BODY = 16 * 1024

/** The fields of `<Error>…</Error>`, entities decoded; undefined for anything that isn't a COS error body. */
export function parseCosError(xml: string): CosErrorBody | undefined {
  const error = typeof xml === 'string' && xml.length <= MAX_ERROR_BODY ? /<Error(?:\s[^>]*)?>([\s\S]*?)<\/Error>/.exec(xml) : null
  if (!error) return undefined
  const body: Record<string, string> = {}
  const field = /<([A-Za-z][\w.-]*)(?:\s[^>]*?)?(?:\/>|>([\s\S]*?)<\/\1>)/g
  for (let match = field.exec(error[1]); match; match = field.exec(error[1])) {
    body[match[1]] = decodeXmlText(match[2] || '')
  }
  return body.Code ? { ...body, Code: body.Code, Message: body.Message || '' } : undefined
}

export interface HttpErrorResponse {
  statusCode: number
  headers?: Record<string, string>
  data?: unknown
}

/** A diagnosed CosServiceError for a non-2xx answer; a body that isn't COS XML keeps Code '' and the status. */
export function errorFromResponse(response: HttpErrorResponse, context: DiagnosisContext = {}): CosServiceError {
  const headers: Record<string, string> = {}
  for (const name of Object.keys(response.headers || {})) headers[name.toLowerCase()] = String(response.headers![name])
  const cos = parseCosError(response.data as string) || { Code: '', Message: '' }
  if (!cos.RequestId && headers['x-cos-request-id']) cos.RequestId = headers['x-cos-request-id']
  return new CosServiceError(response.statusCode, cos, diagnoseCosError(response.statusCode, cos, headers, context), headers)
}
