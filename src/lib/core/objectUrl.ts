import { camSafeUrlEncode } from './camSafeUrlEncode'
import type { ResolvedEndpoint } from './endpoint'
import { localKeyTime } from './keyTime'
import { validateObjectKey } from './objectKey'
import type { PostCredentials } from './postForm'
import { signRequest } from './signRequest'

/** The object's URL: every byte escaped except '/', so `+` travels as %2B and space as %20 (COS reads a raw `+` as space). */
export function objectUrl(endpoint: ResolvedEndpoint, key: string): string {
  return endpoint.baseUrl + camSafeUrlEncode(key).replace(/%2F/g, '/')
}

/** The decoded path COS signs: `/<key>`, or `/<bucket>/<key>` in path style. */
export function objectSignPath(endpoint: ResolvedEndpoint, key: string): string {
  return endpoint.signPathPrefix + '/' + key
}

/**
 * A GET (or HEAD) URL: signed in the query string (plus `x-cos-security-token`) when credentials are given, plain
 * otherwise. `keyTime` defaults to the device clock, valid 900 s.
 */
export function getObjectUrl(input: {
  endpoint: ResolvedEndpoint; key: string; credentials?: PostCredentials; keyTime?: string; method?: 'get' | 'head'
}): string {
  const { endpoint, key, credentials } = input
  validateObjectKey(key)
  const url = objectUrl(endpoint, key)
  if (!credentials) return url
  const authorization = signRequest({
    secretId: credentials.secretId,
    secretKey: credentials.secretKey,
    method: input.method || 'get',
    pathname: objectSignPath(endpoint, key),
    headers: { host: endpoint.host },
    keyTime: input.keyTime || localKeyTime(Date.now()),
  })
  const token = credentials.sessionToken ? '&x-cos-security-token=' + camSafeUrlEncode(credentials.sessionToken) : ''
  return `${url}?${authorization}${token}`
}

/**
 * The object key an object URL names (undefined when it names none): the decoded path, less the bucket in path style
 * (a region domain, `cos.<region>.…/<bucket>/<key>`; a bucket's own or custom domain names the key alone). For
 * diagnoses of answers to bare URLs.
 */
export function objectKeyFromUrl(url: string): string | undefined {
  const parts = /^https?:\/\/([^/?#]+)\/([^?#]*)/i.exec(url)
  if (!parts || !parts[2]) return undefined
  const [, host, path] = parts
  const first = path.split('/')[0]
  const pathStyle = /^cos\./i.test(host) && /^[a-z\d-]+-\d+$/.test(first)
  try {
    return decodeURIComponent(pathStyle ? path.slice(first.length + 1) : path) || undefined
  } catch {
    return undefined
  }
}
