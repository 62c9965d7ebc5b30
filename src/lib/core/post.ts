// POST Object: the form a file is uploaded with. The documented "signature protection" policy (doc 436/14690),
// conditions COS enforces on the form, signed over its exact text; and the multipart fields, in order (the
// transport appends the `file` part last).
import { base64Utf8, hmacSha1Hex, invalidSignInput, sha1Hex, signRequest } from './sign'
import { objectSignPath, validateBucket, validateObjectKey, type ResolvedEndpoint, type UrlCredentials } from './url'

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
  successActionStatus?: SuccessActionStatus
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

export type SuccessActionStatus = 200 | 201 | 204

/** The form-field prefix of user metadata, which COS stores and answers back as a header of the same name. */
export const META_PREFIX = 'x-cos-meta-'

const badPolicy = (reason: string, detail: Record<string, unknown> = {}) => invalidSignInput(Object.assign({ policy: reason }, detail))

/**
 * The policy JSON text, compact, with the required q-sign-algorithm / q-ak / q-sign-time conditions last. Checks its
 * input: for servers and tools. The uploader, whose input is checked where it enters, builds with policyText.
 */
export function buildPostPolicy(input: PostPolicyInput): string {
  const { key, keyPrefix, contentLengthRange: range } = input
  validateBucket(input.bucket)
  const expiration = typeof input.expiration === 'string' ? new Date(input.expiration) : input.expiration
  if (isNaN(expiration.getTime())) throw badPolicy('expiration', { expiration: input.expiration })
  if (key !== undefined && keyPrefix !== undefined) throw badPolicy('key and keyPrefix both given')
  if (range && !(Number.isInteger(range[0]) && Number.isInteger(range[1]) && range[0] >= 0 && range[0] <= range[1])) {
    throw badPolicy('contentLengthRange', { contentLengthRange: range })
  }
  const text = policyText(input)
  assertSignable(text, input.secretId, input.keyTime)
  return text
}

/** The policy JSON text for trusted input. */
export function policyText(input: PostPolicyInput): string {
  const { key, keyPrefix, contentLengthRange: range, contentTypePrefix, successActionStatus, sessionToken } = input
  const conditions: unknown[] = [{ bucket: input.bucket }]
  if (key !== undefined) conditions.push({ key })
  if (keyPrefix !== undefined) conditions.push(['starts-with', '$key', keyPrefix])
  if (contentTypePrefix !== undefined) conditions.push(['starts-with', '$Content-Type', contentTypePrefix])
  if (range) conditions.push(['content-length-range', range[0], range[1]])
  if (successActionStatus) conditions.push({ success_action_status: String(successActionStatus) })
  if (sessionToken) conditions.push({ 'x-cos-security-token': sessionToken })
  for (const [name, value] of Object.entries(input.meta || {})) conditions.push({ [META_PREFIX + name]: value })
  conditions.push({ 'q-sign-algorithm': 'sha1' }, { 'q-ak': input.secretId }, { 'q-sign-time': input.keyTime })
  return JSON.stringify({
    expiration: typeof input.expiration === 'string' ? input.expiration : input.expiration.toISOString(),
    conditions,
  })
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

/** q-signature = HMAC(HMAC(secretKey, keyTime), SHA1(policy)), over the exact policy text; trusts its input. */
export function policySignature(secretKey: string, keyTime: string, policy: string): SignedPostPolicy {
  const signKey = hmacSha1Hex(secretKey, keyTime)
  const stringToSign = sha1Hex(policy)
  return { policyBase64: base64Utf8(policy), stringToSign, signature: hmacSha1Hex(signKey, stringToSign), signKey }
}

/** Signs a policy text from anywhere (a server's own, say), after checking it carries what COS requires. */
export function signPostPolicy(input: { secretId: string; secretKey: string; keyTime: string; policy: string }): SignedPostPolicy {
  const { secretKey, keyTime, policy } = input
  assertSignable(policy, input.secretId, keyTime)
  if (!secretKey) throw badPolicy('secretKey missing')
  return policySignature(secretKey, keyTime, policy)
}

function optionalFields(sessionToken?: string, contentType?: string, status?: SuccessActionStatus): Record<string, string> {
  const fields: Record<string, string> = {}
  if (sessionToken) fields['x-cos-security-token'] = sessionToken
  // COS stores this, not the file part's MIME type.
  if (contentType) fields['Content-Type'] = contentType
  if (status) fields.success_action_status = String(status)
  return fields
}

interface PolicyFormInput {
  key: string
  secretId: string
  keyTime: string
  signed: SignedPostPolicy
  sessionToken?: string
  contentType?: string
  successActionStatus?: SuccessActionStatus
  /** `x-cos-meta-<name>` fields, as the policy names them. */
  meta?: Record<string, string>
}

/** The documented policy form (doc 436/14690); `signed` comes from signPostPolicy over the policy's exact text. */
export function policyPostFields(input: PolicyFormInput): Record<string, string> {
  validateObjectKey(input.key)
  return policyFormFields(input)
}

/** The policy form's fields, for trusted input (the uploader's). */
export function policyFormFields(input: PolicyFormInput): Record<string, string> {
  const fields: Record<string, string> = {
    key: input.key,
    policy: input.signed.policyBase64,
    'q-sign-algorithm': 'sha1',
    'q-ak': input.secretId,
    'q-key-time': input.keyTime,
    'q-signature': input.signed.signature,
  }
  for (const [name, value] of Object.entries(input.meta || {})) fields[META_PREFIX + name] = value
  return Object.assign(fields, optionalFields(input.sessionToken, input.contentType, input.successActionStatus))
}

/**
 * The form cos-wx-sdk-v5 sends: `Signature` is the Authorization for `POST /` (`/<bucket>/` in path style) signing
 * `host`. COS then enforces nothing beyond the credentials' own policy; prefer {@link policyPostFields}. For tools
 * (the Node entry exports it); the uploader never sends it.
 */
export function legacyPostFields(input: {
  credentials: UrlCredentials
  endpoint: ResolvedEndpoint
  key: string
  keyTime: string
  contentType?: string
  successActionStatus?: SuccessActionStatus
}): Record<string, string> {
  const { credentials, endpoint, key, successActionStatus } = input
  validateObjectKey(key)
  const Signature = signRequest({
    secretId: credentials.secretId,
    secretKey: credentials.secretKey,
    method: 'POST',
    pathname: objectSignPath(endpoint, ''),
    headers: { host: endpoint.host },
    keyTime: input.keyTime,
  })
  const fields: Record<string, string> = { key }
  if (successActionStatus) fields.success_action_status = String(successActionStatus)
  fields.Signature = Signature
  return Object.assign(fields, optionalFields(credentials.sessionToken, input.contentType))
}
