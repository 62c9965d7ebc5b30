// How an attempt gets its PostObject form: signed on the device with the credentials session, or ready-signed by a
// server. The device signs the documented policy form, bound to the exact key and the attempt's marker, so a leaked
// form cannot write elsewhere.
import type { CredentialSession } from '../credentials'
import { CredentialsError, isCosUploaderError } from '../errors'
import { diagnosis } from '../messages'
import { policyFormFields, policySignature, policyText } from '../post'
import { getObjectUrl, type ResolvedEndpoint } from '../url'
import { ATTEMPT_FIELD, ATTEMPT_META, type AttemptCheck } from './answer'
import type { ExpiringUrl, PickedFile, ServerSignedForm, UploaderOptions } from './types'

/** One attempt's form fields (all sent before the file part; `key` first), and how to check it after a lost answer. */
export interface SignedForm {
  fields: Record<string, string>
  check: AttemptCheck
}

export interface Signer {
  /** The form for `key`, marked with the attempt's `marker` (device-signed always; server-signed if the server did). */
  form(key: string, file: PickedFile, marker: string): Promise<SignedForm>
  /** See Uploader.objectUrl. */
  objectUrl(key: string, expiresIn?: number): Promise<ExpiringUrl>
  /** Whether the last form was signed with a temporary key (a server-signed policy counts as one). */
  readonly temporary: boolean
}

const isServerSignedForm = (answer: Record<string, string> | ServerSignedForm): answer is ServerSignedForm =>
  typeof answer.fields === 'object' && answer.fields !== null

/** Ready-signed forms from `getPostPolicy`: no key on the device, so plain object URLs. */
export function serverSigner(getPostPolicy: NonNullable<UploaderOptions['getPostPolicy']>, endpoint: ResolvedEndpoint): Signer {
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
        throw new CredentialsError(diagnosis('post-policy-failed', { reason: String(cause) }), { cause })
      }
    },
    objectUrl: async (key) => ({ url: getObjectUrl({ endpoint, key }) }),
    temporary: true,
  }
}

/** Forms signed on the device with the session's credentials, on the server's clock as far as it is known. */
export function deviceSigner(session: CredentialSession, endpoint: ResolvedEndpoint, successActionStatus?: UploaderOptions['successActionStatus']): Signer {
  let temporary = true
  /** A signed HEAD URL for `key`, signed when asked (after a lost answer the credentials may have been renewed). */
  const headUrl = async (key: string) => {
    const { keyTime, expiredTime, ...credentials } = await session.signingKey()
    return getObjectUrl({ endpoint, key, method: 'head', keyTime, credentials })
  }
  return {
    async form(key, file, marker) {
      const { secretId, secretKey, sessionToken, keyTime } = await session.signingKey()
      temporary = !!sessionToken
      const meta = { [ATTEMPT_META]: marker }
      const policy = policyText({
        bucket: endpoint.bucket, key, successActionStatus, sessionToken, secretId, keyTime, meta,
        expiration: new Date(Number(keyTime.split(';')[1]) * 1000),
      })
      const signed = policySignature(secretKey, keyTime, policy)
      const fields = policyFormFields({ key, secretId, keyTime, signed, sessionToken, contentType: file.type, successActionStatus, meta })
      return { fields, check: { marker, headUrl: () => headUrl(key) } }
    },
    async objectUrl(key, expiresIn) {
      const { keyTime, expiredTime, ...credentials } = await session.signingKey(expiresIn)
      const url = getObjectUrl({ endpoint, key, keyTime, credentials })
      // The URL works until its KeyTime or its token ends, whichever is first; both are on the server's clock.
      const endSeconds = Math.min(Number(keyTime.split(';')[1]), expiredTime)
      return { url, expiresAt: endSeconds * 1000 - session.offsetMs }
    },
    get temporary() {
      return temporary
    },
  }
}
