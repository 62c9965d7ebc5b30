// `POST /post-policy`: ready-signed PostObject fields for one key and one exact size, signed here with a
// temporary key whose secret never leaves the server.
import { buildPostPolicy, signPostPolicy, policyPostFields, validateObjectKey, resolveEndpoint, getObjectUrl } from '../../src/lib/node'
import { ATTEMPT_META } from '../../src/lib/core/upload/answer'
import type { TemporaryKey } from './scope'

export interface PostPolicyRequest {
  key: string
  /** Bytes; the policy's content-length-range is exactly this. */
  size: number
  /** Also required as a prefix by the policy when given, e.g. `image/jpeg`. */
  contentType?: string
  /** The uploader's attempt marker (getPostPolicy's `attempt`): signed into the policy and the form as x-cos-meta-attempt. */
  attempt?: string
}

/** Throws a readable Error unless the JSON body is a valid request. */
export function parsePostPolicyRequest(value: unknown, maxBytes: number): PostPolicyRequest {
  const body = value as PostPolicyRequest
  if (!body || typeof body.key !== 'string' || !body.key) throw new Error('"key" must be a non-empty string')
  validateObjectKey(body.key)
  if (!Number.isInteger(body.size) || body.size < 0 || body.size > maxBytes) throw new Error(`"size" must be an integer from 0 to ${maxBytes}`)
  if (body.contentType !== undefined && (typeof body.contentType !== 'string' || !/^[\w.+-]+\/[\w.+-]+$/.test(body.contentType))) {
    throw new Error('"contentType" must look like image/jpeg')
  }
  if (body.attempt !== undefined && (typeof body.attempt !== 'string' || !/^[0-9a-z]{8,64}$/.test(body.attempt))) {
    throw new Error('"attempt" must be 8 to 64 of 0-9 a-z')
  }
  return { key: body.key, size: body.size, contentType: body.contentType, attempt: body.attempt }
}

export function signedPostFields(temporary: TemporaryKey, bucket: string, request: PostPolicyRequest): Record<string, string> {
  const { tmpSecretId, tmpSecretKey, sessionToken } = temporary.credentials
  const keyTime = `${temporary.startTime};${temporary.expiredTime}`
  const meta = request.attempt ? { [ATTEMPT_META]: request.attempt } : undefined
  const policy = buildPostPolicy({
    bucket,
    key: request.key,
    contentLengthRange: [request.size, request.size],
    contentTypePrefix: request.contentType,
    sessionToken,
    secretId: tmpSecretId,
    keyTime,
    meta,
    expiration: new Date(temporary.expiredTime * 1000),
  })
  const signed = signPostPolicy({ secretId: tmpSecretId, secretKey: tmpSecretKey, keyTime, policy })
  return policyPostFields({ key: request.key, secretId: tmpSecretId, keyTime, signed, sessionToken, contentType: request.contentType, meta })
}

/**
 * A HEAD URL for the key signed with the same temporary key, for the uploader's lost-answer check (it answers 403
 * unless the scope allows name/cos:HeadObject; the uploader then retries instead).
 */
export function signedHeadUrl(temporary: TemporaryKey, uploadUrl: string, bucket: string, region: string, key: string): string {
  const { tmpSecretId: secretId, tmpSecretKey: secretKey, sessionToken } = temporary.credentials
  const endpoint = resolveEndpoint({ bucket, region, endpoint: uploadUrl.replace(/\/$/, '') })
  return getObjectUrl({ endpoint, key, method: 'head', keyTime: `${temporary.startTime};${temporary.expiredTime}`, credentials: { secretId, secretKey, sessionToken } })
}
