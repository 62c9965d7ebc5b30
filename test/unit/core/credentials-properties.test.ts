// Properties of the credentials: every shape and spelling STS services use reads as the same credentials, and the
// session refetches exactly when the refresh margin before expiry is reached, whatever the device clock says.
import fc from 'fast-check'
import { CredentialSession, normalizeCredentials } from '../../../src/lib/core/credentials'
import { CredentialsError, InvalidInputError } from '../../../src/lib/core/errors'

const NOW_MS = 1_700_000_000_000
const NOW = NOW_MS / 1000

/** `name` with each letter's case taken from `upper`, cycled. */
const recase = (name: string, upper: boolean[]) =>
  [...name].map((c, i) => (upper[i % upper.length] ? c.toUpperCase() : c.toLowerCase())).join('')

describe('normalizeCredentials', () => {
  const place = fc.constantFrom('top', 'credentials', 'Credentials')
  const spelling = fc.array(fc.boolean(), { minLength: 1, maxLength: 7 })

  it('reads any documented name, in any case, at the top or nested, skipping null decoys', () => {
    fc.assert(fc.property(
      fc.record({
        id: fc.constantFrom('tmpSecretId', 'secretId'), key: fc.constantFrom('tmpSecretKey', 'secretKey'),
        token: fc.constantFrom('sessionToken', 'securityToken', 'token'),
        secrets: place, times: place, upper: spelling, withStart: fc.boolean(), decoys: fc.boolean(),
      }),
      ({ id, key, token, secrets, times, upper, withStart, decoys }) => {
        const raw: Record<string, Record<string, unknown>> = { top: {}, credentials: {}, Credentials: {} }
        Object.assign(raw[secrets], { [recase(id, upper)]: 'AKIDtmp', [recase(key, upper)]: 'tmpKey', [recase(token, upper)]: 'token-1' })
        Object.assign(raw[times], { [recase('expiredTime', upper)]: NOW + 1800, ...(withStart ? { [recase('startTime', upper)]: NOW } : {}) })
        // A service may send a field as null where it puts the value elsewhere.
        if (decoys && secrets !== 'top') Object.assign(raw.top, { [id]: null, [token]: null })
        const { top, ...nested } = raw
        expect(normalizeCredentials({ ...top, ...nested }, { nowMs: NOW_MS })).toEqual({
          tmpSecretId: 'AKIDtmp', tmpSecretKey: 'tmpKey', sessionToken: 'token-1', ...(withStart ? { startTime: NOW } : {}), expiredTime: NOW + 1800,
        })
      },
    ))
  })

  it('a refused field is named with the type it had, and no message quotes its value (it may be a secret)', () => {
    const ours = { tmpSecretId: 'AKIDtmp', tmpSecretKey: 'tmpKey', sessionToken: 'token-1', startTime: NOW, expiredTime: NOW + 1800 }
    fc.assert(fc.property(
      fc.constantFrom('tmpSecretId', 'tmpSecretKey', 'sessionToken', 'startTime', 'expiredTime'),
      fc.oneof(fc.string({ minLength: 6 }).map((text) => `x${text}`), fc.double({ noNaN: true }).filter((n) => !Number.isInteger(n)), fc.constant(true)),
      (field, value) => {
        // Strings are refused only as times, numbers only as keys or a token, true everywhere.
        fc.pre(typeof value !== 'string' || field.endsWith('Time'))
        fc.pre(typeof value !== 'number' || !field.endsWith('Time') || value > 0)
        let error: CredentialsError | undefined
        try {
          normalizeCredentials({ ...ours, [field]: value }, { nowMs: NOW_MS })
        } catch (thrown) {
          error = thrown as CredentialsError
        }
        expect(error).toBeInstanceOf(CredentialsError)
        expect(error!.diagnosis.detail).toEqual({ field, value: typeof value })
        for (const language of ['en', 'zh-CN'] as const) expect(error!.describe(language)).not.toContain(String(value))
      },
    ))
  })

  it('a permanent key accepted with dangerouslyAllowPermanentKey keeps an expiredTime it was given', () => {
    const permanent = { secretId: 'AKIDpermanent', secretKey: 'permanentKey', expiredTime: NOW + 60 }
    expect(normalizeCredentials(permanent, { nowMs: NOW_MS, dangerouslyAllowPermanentKey: true }).expiredTime).toBe(NOW + 60)
  })

  it('reads a time given as a string only when it is plain decimal digits', () => {
    const ours = { tmpSecretId: 'AKIDtmp', tmpSecretKey: 'tmpKey', sessionToken: 'token-1', startTime: NOW }
    expect(normalizeCredentials({ ...ours, expiredTime: String(NOW + 1800) }, { nowMs: NOW_MS }).expiredTime).toBe(NOW + 1800)
    for (const expiredTime of ['', ' 1700001800', '1700001800 ', '+1700001800', '1.7000018e9', '0x6553f908', '1700001800.0', '0', 0, -1]) {
      expect(() => normalizeCredentials({ ...ours, expiredTime }, { nowMs: NOW_MS }))
        .toThrow(expect.objectContaining({ code: 'invalid-credentials', diagnosis: expect.objectContaining({ detail: expect.objectContaining({ field: 'expiredTime' }) }) }))
    }
  })
})

describe('CredentialSession', () => {
  it('refetches exactly when the refresh margin before expiry is reached, on any device clock when startTime is given', async () => {
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 120, max: 7200 }), fc.integer({ min: 30, max: 110 }), fc.boolean(),
      fc.integer({ min: -7_200_000, max: 7_200_000 }),
      // How long after the first fetch the next get() comes, from the refresh point: often right at it.
      fc.oneof(fc.integer({ min: -2, max: 2 }), fc.integer({ min: -7_200_000, max: 100_000 })),
      async (lifetime, margin, withStart, skewMs, fromRefreshMs) => {
        // Without startTime the expiry is read on the device clock: only a correct clock keeps the lifetime.
        const deviceSkew = withStart ? skewMs : 0
        const clock = { ms: NOW_MS + deviceSkew }
        let issued = 0
        const getCredentials = async () => {
          const serverNow = Math.round((clock.ms - deviceSkew) / 1000)
          return { tmpSecretId: 'AKIDtmp', tmpSecretKey: 'tmpKey', sessionToken: `token-${++issued}`,
            ...(withStart ? { startTime: serverNow } : {}), expiredTime: serverNow + lifetime }
        }
        const session = new CredentialSession({ getCredentials, now: () => clock.ms, refreshMarginSeconds: margin })
        await session.get()
        const elapsedMs = Math.max(0, (lifetime - margin) * 1000 + fromRefreshMs)
        clock.ms += elapsedMs
        const { sessionToken } = await session.get()
        const due = elapsedMs >= (lifetime - margin) * 1000
        expect({ elapsedMs, sessionToken, fetches: session.fetchCount }).toEqual({ elapsedMs, sessionToken: due ? 'token-2' : 'token-1', fetches: due ? 2 : 1 })
      },
    ))
  })

  it('accepts the documented minimum margin of 30 s; refuses less, or no number, naming the option', () => {
    const getCredentials = async () => ({})
    expect(() => new CredentialSession({ getCredentials, refreshMarginSeconds: 30 })).not.toThrow()
    for (const refreshMarginSeconds of [29.9, NaN, -60]) {
      expect(() => new CredentialSession({ getCredentials, refreshMarginSeconds })).toThrow(InvalidInputError)
      expect(() => new CredentialSession({ getCredentials, refreshMarginSeconds }))
        .toThrow(expect.objectContaining({ diagnosis: expect.objectContaining({ detail: { option: 'refreshMarginSeconds' } }) }))
    }
    expect(() => new CredentialSession({ getCredentials: 'https://sts.example.com' as never }))
      .toThrow(expect.objectContaining({ diagnosis: expect.objectContaining({ detail: { option: 'getCredentials' } }) }))
  })
})
