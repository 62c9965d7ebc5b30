// Who signed: the root key, or a temporary key whose session token matches and hasn't expired.
import type { StsScope } from '../sts/scope'
import { CosHttpError } from './cosError'
import { openTemporaryKey, TEMPORARY_ID_PREFIX } from './temporaryKeys'

export interface RootKey {
  secretId: string
  secretKey: string
}

export interface Principal {
  secretId: string
  secretKey: string
  /** Temporary keys only; the root key may do anything. */
  scope?: StsScope
}

// COS's error codes (doc 436/7730) have no code for a bad security token: a SecretId it doesn't know, or one with a
// token that doesn't belong to it, is a key it doesn't know, 403 InvalidAccessKeyId (doc 436/40105: "If the
// signature uses an incorrect SecretId, COS will return InvalidAccessKeyId"). The Message is the one COS sent in
// tencentyun/cos-php-sdk-v5#57. A token past its expiry is 400 ExpiredToken, as listed in 436/7730.
const unknownKey = () => new CosHttpError(403, 'InvalidAccessKeyId', 'The Access Key Id you provided does not exist in our records')
const expiredToken = () => new CosHttpError(400, 'ExpiredToken', 'The provided token has expired.')

/**
 * The signer of a request. A token sent with the root key is refused, not ignored: a root key never has one, so the
 * pair is no key COS knows (a blank token counts too; only an absent or empty one is no token).
 */
export function resolvePrincipal(root: RootKey, secretId: string, sessionToken: string | undefined, nowSeconds: number): Principal {
  if (secretId === root.secretId) {
    if (sessionToken) throw unknownKey()
    return { secretId, secretKey: root.secretKey }
  }
  if (!secretId.startsWith(TEMPORARY_ID_PREFIX)) {
    throw new CosHttpError(403, 'InvalidAccessKeyId', 'The access key Id format you provided is invalid.')
  }
  const opened = openTemporaryKey(root.secretKey, secretId, sessionToken)
  if (!opened.ok) throw unknownKey()
  if (nowSeconds > opened.expiredTime) throw expiredToken()
  return { secretId, secretKey: opened.secretKey, scope: opened.scope }
}
