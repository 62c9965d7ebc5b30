// Stateless temporary keys: what a token proves and what it doesn't.
import { mintTemporaryKey, openTemporaryKey } from '../../server/emulator/temporaryKeys'
import { resolvePrincipal } from '../../server/emulator/principal'
import { CosHttpError } from '../../server/emulator/cosError'

const ROOT = { secretId: 'AKIDroot', secretKey: 'root-secret-0000000000000000000000' }
const SCOPE = { actions: ['name/cos:PostObject'], allowPrefix: ['uploads/'] }

it('opens a token for its own key id and derives the same temporary secret', () => {
  const key = mintTemporaryKey(ROOT.secretKey, SCOPE, 1000, 1800)
  expect(key).toMatchObject({ startTime: 1000, expiredTime: 2800 })
  expect(openTemporaryKey(ROOT.secretKey, key.credentials.tmpSecretId, key.credentials.sessionToken))
    .toEqual({ ok: true, secretKey: key.credentials.tmpSecretKey, scope: SCOPE, expiredTime: 2800 })
})

it('refuses a token from another root key, for another key id, or edited', () => {
  const key = mintTemporaryKey(ROOT.secretKey, SCOPE, 1000, 1800)
  const other = mintTemporaryKey(ROOT.secretKey, SCOPE, 1000, 1800)
  const { tmpSecretId, sessionToken } = key.credentials
  expect(openTemporaryKey('another-root-secret', tmpSecretId, sessionToken).ok).toBe(false)
  expect(openTemporaryKey(ROOT.secretKey, other.credentials.tmpSecretId, sessionToken).ok).toBe(false)
  const [body, seal] = sessionToken.split('.')
  const widened = Buffer.from(Buffer.from(body, 'base64url').toString().replace('uploads/', '')).toString('base64url')
  expect(openTemporaryKey(ROOT.secretKey, tmpSecretId, `${widened}.${seal}`).ok).toBe(false)
  expect(openTemporaryKey(ROOT.secretKey, tmpSecretId, undefined).ok).toBe(false)
  expect(openTemporaryKey(ROOT.secretKey, tmpSecretId, sessionToken + '.x').ok).toBe(false)
})

it('resolves the root key, temporary keys within their lifetime, and nothing else', () => {
  const key = mintTemporaryKey(ROOT.secretKey, SCOPE, 1000, 1800)
  const { tmpSecretId, tmpSecretKey, sessionToken } = key.credentials
  expect(resolvePrincipal(ROOT, 'AKIDroot', undefined, 5000)).toEqual({ secretId: 'AKIDroot', secretKey: ROOT.secretKey })
  expect(resolvePrincipal(ROOT, tmpSecretId, sessionToken, 2800)).toEqual({ secretId: tmpSecretId, secretKey: tmpSecretKey, scope: SCOPE })
  const codeOf = (run: () => unknown) => {
    try {
      run()
      return 'accepted'
    } catch (error) {
      return `${(error as CosHttpError).code}: ${(error as CosHttpError).message}`
    }
  }
  expect(codeOf(() => resolvePrincipal(ROOT, tmpSecretId, sessionToken, 2801))).toBe('ExpiredToken: The provided token has expired.')
  expect(codeOf(() => resolvePrincipal(ROOT, 'AKIDsomeoneelse', undefined, 1000))).toMatch(/^InvalidAccessKeyId/)
  const unknown = 'InvalidAccessKeyId: The Access Key Id you provided does not exist in our records'
  expect(codeOf(() => resolvePrincipal(ROOT, tmpSecretId, 'forged.token', 1000))).toBe(unknown)
  expect(codeOf(() => resolvePrincipal(ROOT, tmpSecretId, undefined, 1000))).toBe(unknown)
  // The root key signs with no token: one that came with it (minted by this root, or blank) is refused, not ignored.
  expect(codeOf(() => resolvePrincipal(ROOT, 'AKIDroot', sessionToken, 1000))).toBe(unknown)
  expect(codeOf(() => resolvePrincipal(ROOT, 'AKIDroot', ' ', 1000))).toBe(unknown)
  expect(codeOf(() => resolvePrincipal(ROOT, 'AKIDroot', '', 1000))).toBe('accepted')
})
