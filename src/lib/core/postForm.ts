// The multipart fields of a POST Object upload, in order; the transport appends the `file` part last.
import type { ResolvedEndpoint } from './endpoint'
import { validateObjectKey } from './objectKey'
import { objectSignPath } from './objectUrl'
import { META_PREFIX, type SignedPostPolicy } from './postPolicy'
import { signRequest } from './signRequest'

export interface PostCredentials {
  secretId: string
  secretKey: string
  /** STS token; sent as `x-cos-security-token`. */
  sessionToken?: string
}

type SuccessActionStatus = 200 | 201 | 204

function optionalFields(sessionToken?: string, contentType?: string, status?: SuccessActionStatus): Record<string, string> {
  const fields: Record<string, string> = {}
  if (sessionToken) fields['x-cos-security-token'] = sessionToken
  // COS stores this, not the file part's MIME type.
  if (contentType) fields['Content-Type'] = contentType
  if (status) fields.success_action_status = String(status)
  return fields
}

/**
 * The form cos-wx-sdk-v5 sends: `Signature` is the Authorization for `POST /` (`/<bucket>/` in path style) signing
 * `host`. COS then enforces nothing beyond the credentials' own policy; prefer {@link policyPostFields}.
 */
export function legacyPostFields(input: {
  credentials: PostCredentials
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

/** The documented policy form (doc 436/14690); `signed` comes from signPostPolicy over the policy's exact text. */
export function policyPostFields(input: {
  key: string
  secretId: string
  keyTime: string
  signed: SignedPostPolicy
  sessionToken?: string
  contentType?: string
  successActionStatus?: SuccessActionStatus
  /** `x-cos-meta-<name>` fields, as the policy names them. */
  meta?: Record<string, string>
}): Record<string, string> {
  validateObjectKey(input.key)
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
