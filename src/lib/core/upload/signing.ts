// How a task gets its PostObject form fields: signed on the device with temporary keys, or ready-signed by a server.
// The device signs the documented policy form, bound to the exact key, so a leaked form cannot write elsewhere.
import { CredentialCache, credentialKeyTime } from '../credentials'
import { localKeyTime } from '../keyTime'
import type { ResolvedEndpoint } from '../endpoint'
import { diagnosis } from '../diagnosisText'
import { CredentialsError, InvalidInputError, isCosUploaderError } from '../errors'
import { getObjectUrl } from '../objectUrl'
import { policyPostFields } from '../postForm'
import { buildPostPolicy, signPostPolicy } from '../postPolicy'
import { ATTEMPT_FIELD, ATTEMPT_META, type AttemptCheck } from './lostResponse'
import type { ExpiringUrl, PickedFile, ServerSignedForm, UploaderOptions } from './types'

const isServerSignedForm = (answer: Record<string, string> | ServerSignedForm): answer is ServerSignedForm =>
  typeof answer.fields === 'object' && answer.fields !== null

/** One attempt's form fields (all sent before the file part; `key` first), and how to check it after a lost answer. */
export interface SignedForm {
  fields: Record<string, string>
  check: AttemptCheck
}

export interface Signer {
  /** The form for `key`, marked with the attempt's `marker` (device-signed always; server-signed if the server did). */
  form(key: string, file: PickedFile, marker: string): Promise<SignedForm>
  /**
   * Forget cached credentials so the next `fields` fetches fresh ones. With the SecretId a failed attempt signed
   * with: only if those are still the cached ones (so tasks failing together cause one fetch).
   */
  refresh(staleSecretId?: string): void
  /** See Uploader.objectUrl. */
  objectUrl(key: string, expiresIn?: number): Promise<ExpiringUrl>
  prefetch(): void
  /** Whether the last fields were signed with a temporary key (a server-signed policy counts as one). */
  readonly temporary: boolean
}

export interface SignerClock {
  now(): number
  /** Server minus device, in ms; learned from a response's Date header. */
  offsetMs: number
}

export function createSigner(options: UploaderOptions, endpoint: ResolvedEndpoint, clock: SignerClock): Signer {
  const { getPostPolicy, getCredentials } = options
  const device = !!(getCredentials || options.credentialCache)
  if (device === !!getPostPolicy) {
    throw new InvalidInputError(diagnosis('invalid-options', { option: 'getCredentials | getPostPolicy (exactly one)' }))
  }
  if (getPostPolicy) {
    return {
      async form(key, file, marker) {
        try {
          const answer = await getPostPolicy(key, file, { attempt: marker })
          const { fields, headUrl } = isServerSignedForm(answer) ? answer : { fields: answer, headUrl: undefined }
          // The marker only where the server put it in its form (and so, presumably, in its policy): COS doesn't
          // document whether a policy form may carry a field the policy doesn't name.
          return { fields: { key, ...fields }, check: { marker: fields[ATTEMPT_FIELD], headUrl: async () => headUrl } }
        } catch (cause) {
          if (isCosUploaderError(cause)) throw cause
          throw new CredentialsError({
            code: 'post-policy-failed',
            message: { 'zh-CN': '获取上传签名失败', en: 'getPostPolicy failed' },
            retryable: true,
            detail: { reason: String(cause) },
          }, { cause })
        }
      },
      refresh() {},
      objectUrl: async (key) => ({ url: getObjectUrl({ endpoint, key }) }),
      prefetch() {},
      temporary: true,
    }
  }
  const cache = options.credentialCache || new CredentialCache({
    getCredentials: getCredentials!,
    now: clock.now,
    dangerouslyAllowPermanentKey: options.dangerouslyAllowPermanentKey,
  })
  let temporary = true
  /** The current key and the KeyTime to sign with; `expiresIn` seconds from the server's now instead of the default. */
  const signingKey = async (expiresIn?: number) => {
    // The cache spends the credentials' lifetime on the device clock; once the server's clock is known, credentials
    // that already expire there are not handed out (an expiredTime without startTime is read as device time).
    if (clock.offsetMs !== 0) cache.invalidateIfExpiring(clock.now() + clock.offsetMs)
    const credentials = await cache.get()
    const { tmpSecretId: secretId, tmpSecretKey: secretKey, sessionToken, expiredTime } = credentials
    const keyTime = expiresIn === undefined
      ? credentialKeyTime(credentials, clock.now(), clock.offsetMs)
      : localKeyTime(clock.now(), expiresIn, clock.offsetMs)
    return { secretId, secretKey, sessionToken, expiredTime, keyTime }
  }
  /** A signed HEAD URL for `key`, signed when asked (after a lost answer the credentials may have been renewed). */
  const headUrl = async (key: string) => {
    const { keyTime, expiredTime, ...credentials } = await signingKey()
    return getObjectUrl({ endpoint, key, method: 'head', keyTime, credentials })
  }
  return {
    async form(key, file, marker) {
      const { secretId, secretKey, sessionToken, keyTime } = await signingKey()
      temporary = !!sessionToken
      const { successActionStatus } = options
      const meta = { [ATTEMPT_META]: marker }
      const policy = buildPostPolicy({
        bucket: endpoint.bucket, key, successActionStatus, sessionToken, secretId, keyTime, meta,
        expiration: new Date(Number(keyTime.split(';')[1]) * 1000),
      })
      const signed = signPostPolicy({ secretId, secretKey, keyTime, policy })
      const fields = policyPostFields({ key, secretId, keyTime, signed, sessionToken, contentType: file.type, successActionStatus, meta })
      return { fields, check: { marker, headUrl: () => headUrl(key) } }
    },
    refresh: (staleSecretId) => cache.invalidate(staleSecretId),
    async objectUrl(key, expiresIn) {
      const { keyTime, expiredTime, ...credentials } = await signingKey(expiresIn)
      const url = getObjectUrl({ endpoint, key, keyTime, credentials })
      // The URL works until its KeyTime or its token ends, whichever is first; both are on the server's clock.
      const endSeconds = Math.min(Number(keyTime.split(';')[1]), expiredTime)
      return { url, expiresAt: endSeconds * 1000 - clock.offsetMs }
    },
    prefetch: () => cache.prefetch(),
    get temporary() {
      return temporary
    },
  }
}
