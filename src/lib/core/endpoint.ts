// Where a bucket lives: official virtual-hosted domains by default, path style, custom domains and templates.
import { invalidInput } from './errors'

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

const BUCKET = /^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?-\d+$/
const REGION = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/
const HOST = /^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?(?::\d{1,5})?$/i

/** Throws InvalidInputError unless `bucket` is `<name>-<appid>`: name 1–50 of `a-z 0-9 -` (no '-' at either end), appid digits. */
export function validateBucket(bucket: string): void {
  if (typeof bucket !== 'string' || !BUCKET.test(bucket)) {
    throw invalidInput('invalid-bucket', '存储桶名应为 名称-APPID', 'Bucket must be <name>-<appid>', { bucket })
  }
}

/** Throws InvalidInputError unless `region` looks like a COS region id (`ap-guangzhou`, `ap-shanghai-fsi`, `accelerate`). */
export function validateRegion(region: string): void {
  if (typeof region !== 'string' || region.length > 40 || !REGION.test(region)) {
    throw invalidInput('invalid-region', '地域无效', 'Invalid region', { region })
  }
}

/** The `invalid-endpoint` error (also used for a bad STS URL). */
export const invalidEndpoint = (detail: Record<string, unknown>) =>
  invalidInput('invalid-endpoint', '地址应为 http(s)://主机[:端口]', 'Expected http(s)://host[:port]', detail)

/** Splits `scheme://host[:port]rest` (mini-program runtimes have no URL class). */
export function splitHttpUrl(url: string): { protocol: string; host: string; rest: string } | undefined {
  const match = /^(https?:)\/\/([^/?#]+)(.*)$/i.exec(url)
  return match && HOST.test(match[2]) ? { protocol: match[1].toLowerCase(), host: match[2].toLowerCase(), rest: match[3] } : undefined
}

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
  const parts = splitHttpUrl(base)
  if (!parts || (parts.rest !== '' && parts.rest !== '/')) {
    throw invalidEndpoint({ endpoint })
  }
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
