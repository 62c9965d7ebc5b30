// COS XML request signature (q-sign-algorithm=sha1), byte-for-byte as cos-nodejs-sdk-v5's getAuthorization and the
// official doc 436/7778, and the primitives it needs: SHA-1, HMAC-SHA1, Base64, UTF-8, the SDKs' URL encoding.
//
// SHA-1 is written here rather than taken from a library: crypto-js (7.6 KB minified for sha1 + hmac + base64 +
// utf8) or @noble/hashes (6.5 KB) would be a third of the 24 KB budget of the device core, and mini-program engines
// have no TextEncoder or Web Crypto to lean on. COS fixes the algorithm; the tests hold this one to node:crypto on
// random inputs and to the official SDKs' vectors.
import { invalidInput } from './errors'

/** The UTF-8 bytes of `text`; throws URIError on a lone surrogate (as encodeURIComponent does). */
function utf8(text: string): number[] {
  const bytes: number[] = []
  const escaped = encodeURIComponent(text)
  for (let i = 0; i < escaped.length; i++) {
    bytes.push(escaped[i] === '%' ? parseInt(escaped.slice(i + 1, (i += 2) + 1), 16) : escaped.charCodeAt(i))
  }
  return bytes
}

const rotate = (x: number, n: number) => (x << n) | (x >>> (32 - n))

/** FIPS 180-4 SHA-1 of bytes, as 20 bytes. */
function sha1Bytes(message: number[]): number[] {
  const bits = message.length * 8
  const bytes = message.concat(0x80)
  while (bytes.length % 64 !== 56) bytes.push(0)
  // The length is a 64-bit big-endian bit count; a message under 512 MB fits in its low 32 bits.
  bytes.push(0, 0, 0, 0, bits >>> 24, (bits >>> 16) & 255, (bits >>> 8) & 255, bits & 255)
  const h = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0]
  const w: number[] = []
  for (let block = 0; block < bytes.length; block += 64) {
    for (let t = 0; t < 80; t++) {
      w[t] = t < 16
        ? (bytes[block + t * 4] << 24) | (bytes[block + t * 4 + 1] << 16) | (bytes[block + t * 4 + 2] << 8) | bytes[block + t * 4 + 3]
        : rotate(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1)
    }
    let [a, b, c, d, e] = h
    for (let t = 0; t < 80; t++) {
      const f = t < 20 ? ((b & c) | (~b & d)) + 0x5a827999
        : t < 40 ? (b ^ c ^ d) + 0x6ed9eba1
        : t < 60 ? ((b & c) | (b & d) | (c & d)) + 0x8f1bbcdc
        : (b ^ c ^ d) + 0xca62c1d6
      const next = (rotate(a, 5) + f + e + w[t]) | 0
      e = d
      d = c
      c = rotate(b, 30)
      b = a
      a = next
    }
    h[0] = (h[0] + a) | 0
    h[1] = (h[1] + b) | 0
    h[2] = (h[2] + c) | 0
    h[3] = (h[3] + d) | 0
    h[4] = (h[4] + e) | 0
  }
  return h.reduce<number[]>((out, word) => out.concat(word >>> 24, (word >>> 16) & 255, (word >>> 8) & 255, word & 255), [])
}

const hex = (bytes: number[]) => bytes.map((byte) => (byte < 16 ? '0' : '') + byte.toString(16)).join('')

export function sha1Hex(text: string): string {
  return hex(sha1Bytes(utf8(text)))
}

/** HMAC-SHA1 (RFC 2104) keyed with the UTF-8 bytes of `key` (COS's SignKey is a hex *string* used this way). */
export function hmacSha1Hex(key: string, text: string): string {
  let keyBytes = utf8(key)
  if (keyBytes.length > 64) keyBytes = sha1Bytes(keyBytes)
  const pad = (byte: number) => Array.from({ length: 64 }, (_, i) => (keyBytes[i] || 0) ^ byte)
  return hex(sha1Bytes(pad(0x5c).concat(sha1Bytes(pad(0x36).concat(utf8(text))))))
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** Standard, padded Base64 of the UTF-8 bytes of `text`. */
export function base64Utf8(text: string): string {
  const bytes = utf8(text)
  let out = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] || 0) << 8) | (bytes[i + 2] || 0)
    out += BASE64[n >> 18] + BASE64[(n >> 12) & 63] + (i + 1 < bytes.length ? BASE64[(n >> 6) & 63] : '=') + (i + 2 < bytes.length ? BASE64[n & 63] : '=')
  }
  return out
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
