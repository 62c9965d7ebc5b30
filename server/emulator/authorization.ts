// Request signatures (header `Authorization` or URL query), recomputed from exactly what the request carries:
// the headers and URL parameters it names in q-header-list / q-url-param-list.
import { timingSafeEqual } from 'node:crypto'
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
  if (!/^\d+;\d+$/.test(keyTime) || values['q-sign-time'] !== keyTime) throw accessDenied('q-sign-time and q-key-time must be the same start;end.')
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

export function checkKeyTime(keyTime: string, nowSeconds: number): void {
  const [start, end] = keyTime.split(';').map(Number)
  if (nowSeconds < start || nowSeconds > end) throw requestExpired()
}

export interface ReceivedRequest {
  method: string
  /** The decoded path, as signed. */
  pathname: string
  /** Decoded query values. */
  query: Record<string, string>
  headers: IncomingHttpHeaders
}

const equalText = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b))

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
