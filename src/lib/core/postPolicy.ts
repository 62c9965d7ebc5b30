// POST Object "signature protection" policy (doc 436/14690): conditions the server enforces on the form.
import { validateBucket } from './endpoint'
import { base64Utf8, hmacSha1Hex, sha1Hex } from './hash'
import { invalidSignInput } from './signRequest'

export interface PostPolicyInput {
  bucket: string
  /** Exact key (`{"key": …}`). */
  key?: string
  /** Key prefix (`["starts-with", "$key", …]`); use instead of `key`. */
  keyPrefix?: string
  /** Inclusive byte range. */
  contentLengthRange?: [number, number]
  /** e.g. `image/`; the form must then carry a matching `Content-Type` field. */
  contentTypePrefix?: string
  /** The form must then carry the same `success_action_status`. */
  successActionStatus?: 200 | 201 | 204
  /** STS token; the form must then carry the same `x-cos-security-token`. */
  sessionToken?: string
  /** `x-cos-meta-<name>` values the form must carry exactly (COS stores them and answers them back on HEAD). */
  meta?: Record<string, string>
  /** The `q-ak` (TmpSecretId with STS). */
  secretId: string
  /** `start;end` Unix seconds (the policy's `q-sign-time`; the form's `q-key-time`). */
  keyTime: string
  expiration: Date | string
}

/** The form-field prefix of user metadata, which COS stores and answers back as a header of the same name. */
export const META_PREFIX = 'x-cos-meta-'

const badPolicy = (reason: string, detail: Record<string, unknown> = {}) => invalidSignInput(Object.assign({ policy: reason }, detail))

/** The policy JSON text, compact, with the required q-sign-algorithm / q-ak / q-sign-time conditions last. */
export function buildPostPolicy(input: PostPolicyInput): string {
  const { key, keyPrefix, contentLengthRange: range, contentTypePrefix, successActionStatus, sessionToken } = input
  validateBucket(input.bucket)
  const expiration = typeof input.expiration === 'string' ? new Date(input.expiration) : input.expiration
  if (isNaN(expiration.getTime())) throw badPolicy('expiration', { expiration: input.expiration })
  if (key !== undefined && keyPrefix !== undefined) throw badPolicy('key and keyPrefix both given')
  if (range && !(Number.isInteger(range[0]) && Number.isInteger(range[1]) && range[0] >= 0 && range[0] <= range[1])) {
    throw badPolicy('contentLengthRange', { contentLengthRange: range })
  }
  const conditions: unknown[] = [{ bucket: input.bucket }]
  if (key !== undefined) conditions.push({ key })
  if (keyPrefix !== undefined) conditions.push(['starts-with', '$key', keyPrefix])
  if (contentTypePrefix !== undefined) conditions.push(['starts-with', '$Content-Type', contentTypePrefix])
  if (range) conditions.push(['content-length-range', range[0], range[1]])
  if (successActionStatus) conditions.push({ success_action_status: String(successActionStatus) })
  if (sessionToken) conditions.push({ 'x-cos-security-token': sessionToken })
  for (const [name, value] of Object.entries(input.meta || {})) conditions.push({ [META_PREFIX + name]: value })
  conditions.push({ 'q-sign-algorithm': 'sha1' }, { 'q-ak': input.secretId }, { 'q-sign-time': input.keyTime })
  const text = JSON.stringify({
    expiration: typeof input.expiration === 'string' ? input.expiration : expiration.toISOString(),
    conditions,
  })
  assertSignable(text, input.secretId, input.keyTime)
  return text
}

export interface SignedPostPolicy {
  /** The `policy` form field. */
  policyBase64: string
  /** SHA1 hex of the exact policy bytes. */
  stringToSign: string
  /** The `q-signature` form field. */
  signature: string
  signKey: string
}

// COS rejects a policy without these conditions, or whose values differ from the form's q-ak / q-key-time.
function assertSignable(policy: string, secretId: string, keyTime: string): void {
  let conditions: unknown
  try {
    conditions = JSON.parse(policy).conditions
  } catch (error) {
    throw badPolicy('policy is not JSON')
  }
  const required: Record<string, string> = { 'q-sign-algorithm': 'sha1', 'q-ak': secretId, 'q-sign-time': keyTime }
  const missing = Object.keys(required).filter((field) => !(Array.isArray(conditions) && conditions.some((c) =>
    c && (c[field] === required[field] || (c[0] === 'eq' && c[1] === '$' + field && c[2] === required[field])))))
  if (missing.length || !secretId || !/^\d+;\d+$/.test(keyTime)) throw badPolicy('missing condition', { missing, keyTime })
}

/** Signs the exact policy text: q-signature = HMAC(HMAC(secretKey, keyTime), SHA1(policy)). */
export function signPostPolicy(input: { secretId: string; secretKey: string; keyTime: string; policy: string }): SignedPostPolicy {
  const { secretKey, keyTime, policy } = input
  assertSignable(policy, input.secretId, keyTime)
  if (!secretKey) throw badPolicy('secretKey missing')
  const signKey = hmacSha1Hex(secretKey, keyTime)
  const stringToSign = sha1Hex(policy)
  return { policyBase64: base64Utf8(policy), stringToSign, signature: hmacSha1Hex(signKey, stringToSign), signKey }
}
