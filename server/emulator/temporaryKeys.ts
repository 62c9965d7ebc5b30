// Temporary keys without server state: the session token carries the key id, scope and expiry, sealed with an
// HMAC of the root secret, and the temporary secret is derived from the root secret and the key id. So an STS
// process holding the root key mints keys any emulator with the same root key honours, across restarts.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { StsScope, TemporaryKey } from '../sts/scope'

interface TokenPayload {
  id: string
  scope: StsScope
  start: number
  exp: number
}

export const TEMPORARY_ID_PREFIX = 'AKIDTMP'

const mac = (rootSecret: string, purpose: string, text: string) =>
  createHmac('sha256', rootSecret).update(purpose + '\n' + text).digest()

const secretFor = (rootSecret: string, id: string) => mac(rootSecret, 'secret', id).toString('base64url').slice(0, 32)

export function mintTemporaryKey(rootSecret: string, scope: StsScope, startTime: number, ttlSeconds: number): TemporaryKey {
  const id = TEMPORARY_ID_PREFIX + randomBytes(18).toString('base64url').replace(/[-_]/g, '0')
  const payload: TokenPayload = { id, scope, start: startTime, exp: startTime + ttlSeconds }
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url')
  const sessionToken = body + '.' + mac(rootSecret, 'token', body).toString('base64url')
  return {
    credentials: { tmpSecretId: id, tmpSecretKey: secretFor(rootSecret, id), sessionToken },
    startTime,
    expiredTime: payload.exp,
  }
}

export type TokenCheck =
  | { ok: true; secretKey: string; scope: StsScope; expiredTime: number }
  | { ok: false; reason: 'token-mismatch' }

/** Whether `sessionToken` was minted with this root secret for `secretId`; expiry is left to the caller. */
export function openTemporaryKey(rootSecret: string, secretId: string, sessionToken: string | undefined): TokenCheck {
  const [body, seal, extra] = (sessionToken || '').split('.')
  if (!body || !seal || extra !== undefined) return { ok: false, reason: 'token-mismatch' }
  const expected = mac(rootSecret, 'token', body)
  const given = Buffer.from(seal, 'base64url')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'token-mismatch' }
  const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenPayload
  if (payload.id !== secretId) return { ok: false, reason: 'token-mismatch' }
  return { ok: true, secretKey: secretFor(rootSecret, payload.id), scope: payload.scope, expiredTime: payload.exp }
}
