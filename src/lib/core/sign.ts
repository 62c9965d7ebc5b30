// COS XML request signature (q-sign-algorithm=sha1), byte-for-byte as cos-nodejs-sdk-v5's getAuthorization and the
// official doc 436/7778, and the primitives it needs: SHA-1, HMAC-SHA1 and Base64 of UTF-8 text (crypto-js, imported
// per algorithm so a bundle takes only these), and the SDKs' URL encoding.
import HmacSHA1 from 'crypto-js/hmac-sha1'
import SHA1 from 'crypto-js/sha1'
import Base64 from 'crypto-js/enc-base64'
import Utf8 from 'crypto-js/enc-utf8'
import { invalidInput } from './errors'

/** Lower-case hex SHA-1 of the UTF-8 bytes of `text`; throws URIError on a lone surrogate. */
export function sha1Hex(text: string): string {
  return SHA1(text).toString()
}

/** HMAC-SHA1 keyed with the UTF-8 bytes of `key` (COS's SignKey is a hex *string* used this way). */
export function hmacSha1Hex(key: string, text: string): string {
  return HmacSHA1(text, key).toString()
}

export function base64Utf8(text: string): string {
  return Base64.stringify(Utf8.parse(text))
}

/**
 * encodeURIComponent plus `! ' ( ) *`, so only `A–Z a–z 0–9 - _ . ~` stay literal (space → %20, `+` → %2B).
 * Throws URIError on a lone surrogate, like encodeURIComponent.
 */
export function camSafeUrlEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
}

/** The `invalid-sign-input` error (also used for key times and POST policies). */
export const invalidSignInput = (detail: Record<string, unknown>) =>
  invalidInput('invalid-sign-input', detail)

/**
 * `start;end` in Unix seconds from the device clock, as the official SDKs compute it:
 * start = round((nowMs + clockOffsetMs) / 1000) - 1, end = start + expiresSeconds.
 * Like the SDKs, an `expiresSeconds` of 0 means the default, 900.
 * Prefer the STS response's startTime;expiredTime (server clock) when you have it.
 */
export function localKeyTime(nowMs: number, expiresSeconds = 900, clockOffsetMs = 0): string {
  if (![nowMs, expiresSeconds, clockOffsetMs].every(isFinite) || expiresSeconds < 0) {
    throw invalidSignInput({ nowMs, expiresSeconds, clockOffsetMs })
  }
  const start = Math.round((nowMs + clockOffsetMs) / 1000) - 1
  return `${start};${start + Math.round(expiresSeconds || 900)}`
}

export type SignableValues = Record<string, string | number | boolean | null | undefined>

export interface SignRequestInput {
  secretId: string
  secretKey: string
  method: string
  /** The raw, decoded path (`/<key>`, or `/<bucket>/<key>` path style); a missing leading '/' is added. */
  pathname: string
  /** Decoded query values; null/undefined sign as empty (`?uploads` → `{ uploads: '' }`). */
  query?: SignableValues
  headers?: SignableValues
  /** `start;end` in Unix seconds. */
  keyTime: string
  /** Sign every given header instead of only the SDK's signable set (doc examples sign `Date`; servers verify any listed header). */
  signAllHeaders?: boolean
}

export interface SignatureDetails {
  authorization: string
  httpString: string
  stringToSign: string
  signKey: string
  signature: string
  keyTime: string
  headerList: string
  urlParamList: string
}

const SIGNABLE_HEADERS = ('cache-control content-disposition content-encoding content-length content-md5 content-type ' +
  'expect expires host if-match if-modified-since if-none-match if-unmodified-since origin range transfer-encoding ' +
  'pic-operations').split(' ')

/** The SDK rule: the name contains `x-cos-` or `x-ci-` (any case), or is one of the standard headers COS signs. */
export function isSignableHeader(name: string): boolean {
  const lower = name.toLowerCase()
  return lower.indexOf('x-cos-') > -1 || lower.indexOf('x-ci-') > -1 || SIGNABLE_HEADERS.indexOf(lower) > -1
}

const byLowerCase = (a: string, b: string): number => {
  const x = a.toLowerCase()
  const y = b.toLowerCase()
  return x === y ? 0 : x > y ? 1 : -1
}

const encodeName = (name: string): string => camSafeUrlEncode(name).toLowerCase()

// As in the SDKs, the pairs are ordered by raw name but the list by encoded name; they differ only for names
// outside [A-Za-z0-9._~-].
const pairsOf = (values: SignableValues): string =>
  Object.keys(values).sort(byLowerCase)
    .map((name) => encodeName(name) + '=' + camSafeUrlEncode(values[name] == null ? '' : String(values[name])))
    .join('&')

const listOf = (values: SignableValues): string => Object.keys(values).map(encodeName).sort(byLowerCase).join(';')

function signedHeaders(headers: SignableValues, all?: boolean): SignableValues {
  const kept: SignableValues = {}
  for (const name of Object.keys(headers)) if (all || isSignableHeader(name)) kept[name] = headers[name]
  return kept
}

/** Every string of the signature, for tools that compare them with COS's (the Node entry exports it). */
export function signRequestDetailed(input: SignRequestInput): SignatureDetails {
  const { secretId, secretKey, keyTime, method, pathname } = input
  const missing = ['secretId', 'secretKey', 'method'].filter((name) => !input[name as keyof SignRequestInput])
  if (missing.length || typeof pathname !== 'string') throw invalidSignInput({ missing })
  const [start, end] = String(keyTime).split(';').map(Number)
  if (!/^\d+;\d+$/.test(keyTime) || start > end) throw invalidSignInput({ keyTime })
  const query = input.query || {}
  const headers = signedHeaders(input.headers || {}, input.signAllHeaders)
  try {
    const path = pathname.charAt(0) === '/' ? pathname : '/' + pathname
    const httpString = [method.toLowerCase(), path, pairsOf(query), pairsOf(headers), ''].join('\n')
    const stringToSign = ['sha1', keyTime, sha1Hex(httpString), ''].join('\n')
    const signKey = hmacSha1Hex(secretKey, keyTime)
    const signature = hmacSha1Hex(signKey, stringToSign)
    const headerList = listOf(headers)
    const urlParamList = listOf(query)
    const authorization = `q-sign-algorithm=sha1&q-ak=${secretId}&q-sign-time=${keyTime}&q-key-time=${keyTime}` +
      `&q-header-list=${headerList}&q-url-param-list=${urlParamList}&q-signature=${signature}`
    return { authorization, httpString, stringToSign, signKey, signature, keyTime, headerList, urlParamList }
  } catch (error) {
    // A lone UTF-16 surrogate can't be UTF-8 encoded.
    if (error instanceof URIError) throw invalidSignInput({ reason: 'lone surrogate' })
    throw error
  }
}

/** The `Authorization` header value (also usable as a URL query string). */
export function signRequest(input: SignRequestInput): string {
  return signRequestDetailed(input).authorization
}
