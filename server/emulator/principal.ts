// Who signed: the root key, or a temporary key whose session token matches and hasn't expired.
import type { StsScope } from '../sts/scope'
import { accessDenied, CosHttpError } from './cosError'
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

export function resolvePrincipal(root: RootKey, secretId: string, sessionToken: string | undefined, nowSeconds: number): Principal {
  if (secretId === root.secretId) return { secretId, secretKey: root.secretKey }
  if (!secretId.startsWith(TEMPORARY_ID_PREFIX)) {
    throw new CosHttpError(403, 'InvalidAccessKeyId', 'The access key Id format you provided is invalid.')
  }
  const opened = openTemporaryKey(root.secretKey, secretId, sessionToken)
  if (!opened.ok) throw accessDenied('The security token does not match the access key Id.')
  if (nowSeconds > opened.expiredTime) throw accessDenied('The security token has expired.')
  return { secretId, secretKey: opened.secretKey, scope: opened.scope }
}
