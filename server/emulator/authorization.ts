// Request signatures (header `Authorization` or URL query), recomputed from exactly what the request carries:
// the headers and URL parameters it names in q-header-list / q-url-param-list.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import { camSafeUrlEncode, signRequestDetailed } from '../../src/lib/node'
import { accessDenied, CosHttpError, requestExpired } from './cosError'

export interface AuthorizationFields {
  ak: string
  keyTime: string
  headerList: string[]
  urlParamList: string[]
  signature: string
}

const AUTH_PARAMS = ['q-sign-algorithm', 'q-ak', 'q-sign-time', 'q-key-time', 'q-header-list', 'q-url-param-list', 'q-signature']

export const isAuthorizationParam = (name: string) => AUTH_PARAMS.indexOf(name.toLowerCase()) > -1 || name.toLowerCase() === 'x-cos-security-token'

/** Parses `q-sign-algorithm=sha1&q-ak=…` (already decoded) into its fields; throws 403 AccessDenied if malformed. */
export function parseAuthorization(values: Record<string, string>): AuthorizationFields {
  const missing = AUTH_PARAMS.find((name) => values[name] === undefined)
  if (missing) throw accessDenied(`Authorization is missing ${missing}.`)
  if (values['q-sign-algorithm'] !== 'sha1') throw accessDenied('q-sign-algorithm must be sha1.')
  const keyTime = values['q-key-time']
  if (values['q-sign-time'] !== keyTime) throw malformedKeyTime()
  const list = (text: string) => (text ? text.split(';') : [])
  return {
    ak: values['q-ak'],
    keyTime,
    headerList: list(values['q-header-list']),
    urlParamList: list(values['q-url-param-list']),
    signature: values['q-signature'],
  }
}

/** The pairs of an `Authorization` header value (values are not URL-decoded: the lists hold encoded names). */
export function authorizationHeaderValues(header: string): Record<string, string> {
  const values: Record<string, string> = {}
  for (const pair of header.trim().split('&')) {
    const eq = pair.indexOf('=')
    values[(eq < 0 ? pair : pair.slice(0, eq)).toLowerCase()] = eq < 0 ? '' : pair.slice(eq + 1)
  }
  return values
}

// COS documents no code for a KeyTime that isn't `start;end`. Its auth failures are 403 AccessDenied (doc 436/40105)
// and S3-compatible servers answer an unreadable authorization the same way; never a 5xx, which clients retry.
const malformedKeyTime = () => accessDenied('q-sign-time and q-key-time must be the same <start>;<end> in Unix seconds.')

/** Throws 403 AccessDenied for a KeyTime that isn't `start;end`, "Request has expired" outside the window. */
export function checkKeyTime(keyTime: string, nowSeconds: number): void {
  const match = /^(\d{1,15});(\d{1,15})$/.exec(keyTime)
  if (!match) throw malformedKeyTime()
  if (nowSeconds < Number(match[1]) || nowSeconds > Number(match[2])) throw requestExpired()
}

const hmacHex = (key: string, text: string) => createHmac('sha1', key).update(text, 'utf8').digest('hex')

/**
 * A POST policy's signature (doc 436/14690), computed here with node:crypto rather than the library's signer: the
 * emulator checks what the client computed, so it must not share the client's code (or its checks of the input).
 */
export function policySignature(secretKey: string, keyTime: string, policyText: string): { stringToSign: string; signature: string } {
  const stringToSign = createHash('sha1').update(policyText, 'utf8').digest('hex')
  return { stringToSign, signature: hmacHex(hmacHex(secretKey, keyTime), stringToSign) }
}

export interface ReceivedRequest {
  method: string
  /** The decoded path, as signed. */
  pathname: string
  /** Decoded query values. */
  query: Record<string, string>
  headers: IncomingHttpHeaders
}

export const equalText = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b))

/** Throws 403 SignatureDoesNotMatch (with the server's StringToSign and FormatString) unless the signature matches. */
export function verifySignature(auth: AuthorizationFields, secretKey: string, request: ReceivedRequest): void {
  const headers: Record<string, string> = {}
  for (const name of auth.headerList) {
    const value = request.headers[name]
    headers[name] = Array.isArray(value) ? value.join(',') : value ?? ''
  }
  const query: Record<string, string> = {}
  for (const name of auth.urlParamList) {
    const actual = Object.keys(request.query).find((given) => camSafeUrlEncode(given).toLowerCase() === name)
    query[actual ?? name] = actual === undefined ? '' : request.query[actual]
  }
  const expected = signRequestDetailed({
    secretId: auth.ak,
    secretKey,
    method: request.method,
    pathname: request.pathname,
    query,
    headers,
    keyTime: auth.keyTime,
    signAllHeaders: true,
  })
  if (!equalText(expected.signature, auth.signature)) {
    throw new CosHttpError(403, 'SignatureDoesNotMatch', 'The Signature you specified is invalid.', {
      StringToSign: expected.stringToSign,
      FormatString: expected.httpString,
    })
  }
}
