// Where a bucket lives and what its objects are called: locations (official virtual-hosted domains, path style,
// custom domains and templates), object keys, object URLs (plain or signed), and the one http(s) URL parser.
import { invalidInput } from './errors'
import { camSafeUrlEncode, localKeyTime, signRequest } from './sign'

export interface CosLocation {
  /** `<name>-<appid>`, e.g. `examplebucket-1250000000`. */
  bucket: string
  /** e.g. `ap-guangzhou`. */
  region: string
  /**
   * Address the bucket as `<base>/<bucket>/` instead of `<bucket>.<base>`. Deprecated by COS: buckets created
   * after 2024-01-01 answer 403 PathStyleDomainForbidden; use it only for older buckets.
   */
  forcePathStyle?: boolean
  /**
   * Base URL. With `{bucket}`/`{region}` placeholders (any case) it is a template (e.g. `http://{bucket}.cos.{region}.localhost:9000`);
   * without, a custom domain / CDN / CNAME used as the bucket base as-is. No path, query or fragment.
   */
  endpoint?: string
  /** Used when `endpoint` is absent or has no scheme. Default `https:`. */
  protocol?: 'https:' | 'http:'
}

export interface ResolvedEndpoint {
  bucket: string
  region: string
  pathStyle: boolean
  /** Ends with '/', e.g. `https://b-125.cos.ap-guangzhou.myqcloud.com/` or `https://cos.ap-guangzhou.myqcloud.com/b-125/`. */
  baseUrl: string
  /** host[:port] of baseUrl, signed as the `host` header. */
  host: string
  /** '' (virtual-hosted) or '/<bucket>' (path style). */
  signPathPrefix: string
}

export interface HttpUrl {
  /** `http:` or `https:`. */
  protocol: string
  /** host[:port], lower case. */
  host: string
  /** Everything after the host: path, query, fragment ('' when none). */
  rest: string
}

const BUCKET = /^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?-\d+$/
const REGION = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/
const HOST = /^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?(?::\d{1,5})?$/i

/** The one http(s) URL parser (mini-program runtimes have no URL class); undefined for anything else. */
export function parseHttpUrl(url: unknown): HttpUrl | undefined {
  const match = typeof url === 'string' ? /^(https?:)\/\/([^/?#]+)(.*)$/i.exec(url) : null
  return match && HOST.test(match[2]) ? { protocol: match[1].toLowerCase(), host: match[2].toLowerCase(), rest: match[3] } : undefined
}

/** Throws InvalidInputError unless `bucket` is `<name>-<appid>`: name 1–50 of `a-z 0-9 -` (no '-' at either end), appid digits. */
export function validateBucket(bucket: string): void {
  if (typeof bucket !== 'string' || !BUCKET.test(bucket)) throw invalidInput('invalid-bucket', { bucket })
}

/** Throws InvalidInputError unless `region` looks like a COS region id (`ap-guangzhou`, `ap-shanghai-fsi`, `accelerate`). */
export function validateRegion(region: string): void {
  if (typeof region !== 'string' || region.length > 40 || !REGION.test(region)) throw invalidInput('invalid-region', { region })
}

/** The `invalid-endpoint` error (also used for a bad STS URL). */
export const invalidEndpoint = (detail: Record<string, unknown>) => invalidInput('invalid-endpoint', detail)

/** Validates the location and works out its base URL, signed host and path prefix; throws InvalidInputError. */
export function resolveEndpoint(location: CosLocation): ResolvedEndpoint {
  const { bucket, region, endpoint } = location || ({} as CosLocation)
  validateBucket(bucket)
  validateRegion(region)
  if (endpoint !== undefined && typeof endpoint !== 'string') throw invalidEndpoint({ endpoint })
  const pathStyle = !!location.forcePathStyle
  const protocol = location.protocol || 'https:'
  let base = endpoint === undefined
    ? `${protocol}//${pathStyle ? '' : bucket + '.'}cos.${region}.myqcloud.com`
    : endpoint.replace(/\{bucket\}/gi, bucket).replace(/\{region\}/gi, region)
  if (!/^[a-z]+:\/\//i.test(base)) base = `${protocol}//${base}`
  const parts = parseHttpUrl(base)
  if (!parts || (parts.rest !== '' && parts.rest !== '/')) throw invalidEndpoint({ endpoint })
  const origin = `${parts.protocol}//${parts.host}/`
  return {
    bucket,
    region,
    pathStyle,
    baseUrl: pathStyle ? `${origin}${bucket}/` : origin,
    host: parts.host,
    signPathPrefix: pathStyle ? '/' + bucket : '',
  }
}

const MAX_KEY_BYTES = 850

/** Throws InvalidInputError unless `key` is a usable COS object key. */
export function validateObjectKey(key: string): void {
  let bytes = 0
  try {
    bytes = encodeURIComponent(key).replace(/%../g, '.').length
  } catch (error) {
    // encodeURIComponent throws only on a lone surrogate
  }
  const reason = typeof key !== 'string' || key === '' ? 'empty'
    : key.charAt(0) === '/' ? 'leading slash'
    // eslint-disable-next-line no-control-regex
    : /[\u0000-\u001f\u007f]/.test(key) ? 'control character'
    : !bytes ? 'lone surrogate'
    : bytes > MAX_KEY_BYTES ? 'too long'
    : ''
  if (reason) throw invalidInput('invalid-key', { key, reason })
}

/** The object's URL: every byte escaped except '/', so `+` travels as %2B and space as %20 (COS reads a raw `+` as space). */
export function objectUrl(endpoint: ResolvedEndpoint, key: string): string {
  return endpoint.baseUrl + camSafeUrlEncode(key).replace(/%2F/g, '/')
}

/** The decoded path COS signs: `/<key>`, or `/<bucket>/<key>` in path style. */
export function objectSignPath(endpoint: ResolvedEndpoint, key: string): string {
  return endpoint.signPathPrefix + '/' + key
}

export interface UrlCredentials {
  secretId: string
  secretKey: string
  /** STS token; sent as `x-cos-security-token`. */
  sessionToken?: string
}

/**
 * A GET (or HEAD) URL: signed in the query string (plus `x-cos-security-token`) when credentials are given, plain
 * otherwise. `keyTime` defaults to the device clock, valid 900 s.
 */
export function getObjectUrl(input: {
  endpoint: ResolvedEndpoint; key: string; credentials?: UrlCredentials; keyTime?: string; method?: 'get' | 'head'
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
  const parts = parseHttpUrl(url)
  const path = parts && /^\/([^?#]*)/.exec(parts.rest)?.[1]
  if (!parts || !path) return undefined
  const first = path.split('/')[0]
  const pathStyle = /^cos\./.test(parts.host) && /^[a-z\d-]+-\d+$/.test(first)
  try {
    return decodeURIComponent(pathStyle ? path.slice(first.length + 1) : path) || undefined
  } catch {
    return undefined
  }
}
