// Temporary credentials: the shapes STS services return, permanent-key refusal, the key time, and the cache
// (single-flight, refresh margin, failures not cached) on a fake clock.
import { CredentialSession, credentialKeyTime, normalizeCredentials, type TemporaryCredentials } from '../../../src/lib/core/credentials'
import { CredentialsError, InvalidInputError } from '../../../src/lib/core/errors'

const NOW_MS = 1_700_000_000_000
const NOW = NOW_MS / 1000
const ours = { tmpSecretId: 'AKIDtmp', tmpSecretKey: 'tmpKey', sessionToken: 'token-1', startTime: NOW, expiredTime: NOW + 1800 }

function thrown(action: () => unknown): CredentialsError {
  try {
    action()
  } catch (error) {
    expect(error).toBeInstanceOf(CredentialsError)
    return error as CredentialsError
  }
  throw new Error('expected a CredentialsError')
}

describe('normalizeCredentials', () => {
  const expected = { tmpSecretId: 'AKIDtmp', tmpSecretKey: 'tmpKey', sessionToken: 'token-1', startTime: NOW, expiredTime: NOW + 1800 }

  it.each([
    ['our shape', ours],
    ['qcloud-cos-sts getCredential (the STS sample server)', {
      expiredTime: NOW + 1800, expiration: '2023-11-14T22:43:20Z', startTime: NOW, requestId: 'e0a2d1b4',
      credentials: { sessionToken: 'token-1', tmpSecretId: 'AKIDtmp', tmpSecretKey: 'tmpKey' },
    }],
    ['the STS API response (Credentials.Token)', {
      Credentials: { Token: 'token-1', TmpSecretId: 'AKIDtmp', TmpSecretKey: 'tmpKey' },
      StartTime: NOW, ExpiredTime: NOW + 1800, Expiration: '2023-11-14T22:43:20Z', RequestId: 'e0a2d1b4',
    }],
    ['the SDK getAuthorization callback shape', {
      TmpSecretId: 'AKIDtmp', TmpSecretKey: 'tmpKey', SecurityToken: 'token-1', StartTime: NOW, ExpiredTime: NOW + 1800,
    }],
    ['times as digit strings', { ...ours, startTime: String(NOW), expiredTime: String(NOW + 1800) }],
  ])('accepts %s', (_, raw) => {
    expect(normalizeCredentials(raw, { nowMs: NOW_MS })).toEqual(expected)
  })

  it('leaves startTime out when the service gives none', () => {
    const { startTime, ...rest } = ours
    expect(normalizeCredentials(rest, { nowMs: NOW_MS })).toEqual({ ...rest })
    expect(startTime).toBe(NOW)
  })

  it.each([
    ['not an object', 'AKIDtmp', 'credentials'],
    ['null', null, 'credentials'],
    ['no tmpSecretId', { ...ours, tmpSecretId: undefined }, 'tmpSecretId'],
    ['an empty tmpSecretKey', { ...ours, tmpSecretKey: '' }, 'tmpSecretKey'],
    ['a numeric sessionToken', { ...ours, sessionToken: 42 }, 'sessionToken'],
    ['no expiredTime', { ...ours, expiredTime: undefined }, 'expiredTime'],
    ['expiredTime in milliseconds', { ...ours, expiredTime: (NOW + 1800) * 1000 }, 'expiredTime'],
    ['a fractional startTime', { ...ours, startTime: NOW + 0.5 }, 'startTime'],
  ])('rejects %s, naming the field', (_, raw, field) => {
    const error = thrown(() => normalizeCredentials(raw, { nowMs: NOW_MS }))
    expect(error.code).toBe('invalid-credentials')
    expect(error.diagnosis.detail).toMatchObject({ field })
    expect(error.describe('en')).toContain(field)
    expect(error.describe('zh-CN')).toContain(field)
  })

  it('refuses a permanent key and says why, unless dangerouslyAllowPermanentKey', () => {
    const permanent = { secretId: 'AKIDpermanent', secretKey: 'permanentKey' }
    const error = thrown(() => normalizeCredentials(permanent, { nowMs: NOW_MS }))
    expect(error.code).toBe('permanent-key-refused')
    expect(error.retryable).toBe(false)
    expect(error.describe('en')).toMatch(/sessionToken.*permanent.*STS/)
    expect(error.describe('zh-CN')).toContain('永久密钥')
    expect(thrown(() => normalizeCredentials({ ...ours, sessionToken: '' }, { nowMs: NOW_MS })).code).toBe('permanent-key-refused')
    expect(normalizeCredentials(permanent, { dangerouslyAllowPermanentKey: true }))
      .toEqual({ tmpSecretId: 'AKIDpermanent', tmpSecretKey: 'permanentKey', sessionToken: '', expiredTime: Infinity })
  })

  it.each([' ', '  ', '\t', '\n', ' \r\n\t '])('a blank session token (%j) is no token: refused as a permanent key', (sessionToken) => {
    expect(thrown(() => normalizeCredentials({ ...ours, sessionToken }, { nowMs: NOW_MS })).code).toBe('permanent-key-refused')
    // Accepted as what it is, a permanent key: nothing blank is sent as x-cos-security-token.
    expect(normalizeCredentials({ ...ours, sessionToken }, { nowMs: NOW_MS, dangerouslyAllowPermanentKey: true }))
      .toMatchObject({ sessionToken: '' })
  })

  it('rejects credentials that already expired by the device clock when there is no startTime', () => {
    const error = thrown(() => normalizeCredentials({ ...ours, startTime: undefined, expiredTime: NOW - 1 }, { nowMs: NOW_MS }))
    expect(error.code).toBe('credentials-expired')
    expect(error.describe('en')).toContain(String(NOW - 1))
  })

  it('judges expiry on the server clock when startTime is given, so a fast device clock does not reject fresh keys', () => {
    expect(normalizeCredentials(ours, { nowMs: NOW_MS + 7_200_000 }).expiredTime).toBe(NOW + 1800)
    expect(thrown(() => normalizeCredentials({ ...ours, expiredTime: NOW }, { nowMs: NOW_MS })).code).toBe('credentials-expired')
  })
})

describe('credentialKeyTime', () => {
  const withStart: TemporaryCredentials = { tmpSecretId: 'a', tmpSecretKey: 'b', sessionToken: 'c', startTime: 1700000000, expiredTime: 1700001800 }
  const withoutStart: TemporaryCredentials = { tmpSecretId: 'a', tmpSecretKey: 'b', sessionToken: 'c', expiredTime: 1700001800 }

  it('signs with the server’s startTime;expiredTime whatever the device clock says', () => {
    expect(credentialKeyTime(withStart, 1_600_000_000_000, 5_000_000)).toBe('1700000000;1700001800')
    expect(credentialKeyTime(withStart, 1_800_000_000_000)).toBe('1700000000;1700001800')
  })

  it('falls back to the SDK formula round((now + offset) / 1000) - 1, +900 s by default', () => {
    expect(credentialKeyTime(withoutStart, 1_700_000_000_400)).toBe('1699999999;1700000899')
    expect(credentialKeyTime(withoutStart, 1_700_000_000_500)).toBe('1700000000;1700000900')
    expect(credentialKeyTime(withoutStart, 1_700_000_000_400, -30_000)).toBe('1699999969;1700000869')
    expect(credentialKeyTime(withoutStart, 1_700_000_000_400, 0, 60)).toBe('1699999999;1700000059')
  })
})

describe('CredentialSession', () => {
  function setup(lifetimeSeconds = 1800, options: { refreshMarginSeconds?: number; withStart?: boolean; deviceSkewMs?: number } = {}) {
    const clock = { ms: NOW_MS + (options.deviceSkewMs || 0) }
    let issued = 0
    const getCredentials = jest.fn(async () => {
      issued++
      const serverNow = Math.floor((clock.ms - (options.deviceSkewMs || 0)) / 1000)
      return {
        tmpSecretId: 'AKIDtmp', tmpSecretKey: 'tmpKey', sessionToken: `token-${issued}`,
        ...(options.withStart ? { startTime: serverNow } : {}), expiredTime: serverNow + lifetimeSeconds,
      }
    })
    const cache = new CredentialSession({ getCredentials, now: () => clock.ms, refreshMarginSeconds: options.refreshMarginSeconds })
    return { cache, clock, getCredentials }
  }

  it('single-flight: 10 concurrent get() calls cause exactly one fetch', async () => {
    const { cache, getCredentials } = setup()
    const results = await Promise.all(Array.from({ length: 10 }, () => cache.get()))
    expect(cache.fetchCount).toBe(1)
    expect(getCredentials).toHaveBeenCalledTimes(1)
    expect(new Set(results).size).toBe(1)
    expect(results[0].sessionToken).toBe('token-1')
  })

  it('reuses the credentials until the refresh margin (default 60 s) before expiry', async () => {
    const { cache, clock } = setup(600)
    await cache.get()
    clock.ms += (600 - 60 - 1) * 1000
    expect((await cache.get()).sessionToken).toBe('token-1')
    clock.ms += 1000
    expect((await cache.get()).sessionToken).toBe('token-2')
    expect(cache.fetchCount).toBe(2)
  })

  it('honours a larger margin and refuses one under 30 s', async () => {
    const { cache, clock } = setup(600, { refreshMarginSeconds: 300 })
    await cache.get()
    clock.ms += 300_000
    expect((await cache.get()).sessionToken).toBe('token-2')
    expect(() => new CredentialSession({ getCredentials: async () => ours, refreshMarginSeconds: 29 })).toThrow(InvalidInputError)
    expect(() => new CredentialSession({ getCredentials: undefined as unknown as () => Promise<unknown> })).toThrow(InvalidInputError)
  })

  it('accepts the minimum margin of exactly 30 s, and an error names the option that is wrong', async () => {
    const session = new CredentialSession({ getCredentials: async () => ours, refreshMarginSeconds: 30, now: () => NOW_MS })
    await expect(session.get()).resolves.toMatchObject({ sessionToken: 'token-1' })
    let error: InvalidInputError | undefined
    try {
      new CredentialSession({ getCredentials: undefined as unknown as () => Promise<unknown>, refreshMarginSeconds: 30 })
    } catch (caught) {
      error = caught as InvalidInputError
    }
    expect(error).toBeInstanceOf(InvalidInputError)
    expect(error!.describe('en')).toContain('getCredentials')
    expect(error!.describe('en')).not.toContain('refreshMarginSeconds')
  })

  it('with startTime, measures the lifetime on the server clock even when the device is an hour fast', async () => {
    const { cache, clock } = setup(1800, { withStart: true, deviceSkewMs: 3_600_000 })
    const first = await cache.get()
    expect(credentialKeyTime(first, clock.ms)).toBe(`${first.startTime};${first.expiredTime}`)
    clock.ms += (1800 - 60 - 1) * 1000
    expect((await cache.get()).sessionToken).toBe('token-1')
    clock.ms += 1000
    expect((await cache.get()).sessionToken).toBe('token-2')
  })

  it('does not cache a failed fetch: concurrent callers share the failure, the next get() fetches again', async () => {
    let calls = 0
    const cache = new CredentialSession({
      now: () => NOW_MS,
      getCredentials: async () => {
        calls++
        if (calls === 1) throw new Error('sts down')
        return ours
      },
    })
    const failures = await Promise.allSettled([cache.get(), cache.get(), cache.get()])
    expect(cache.fetchCount).toBe(1)
    for (const failure of failures) {
      expect(failure.status).toBe('rejected')
      const error = (failure as PromiseRejectedResult).reason as CredentialsError
      expect(error).toBeInstanceOf(CredentialsError)
      expect(error.code).toBe('credentials-fetch-failed')
      expect(error.retryable).toBe(true)
      expect(error.describe('en')).toContain('sts down')
      expect((error as { cause?: Error }).cause!.message).toBe('sts down')
    }
    expect((await cache.get()).sessionToken).toBe('token-1')
    expect(cache.fetchCount).toBe(2)
  })

  it('rejects malformed credentials from getCredentials and does not cache them', async () => {
    let raw: unknown = { tmpSecretId: 'AKIDtmp', expiredTime: NOW + 1800 }
    const cache = new CredentialSession({ now: () => NOW_MS, getCredentials: async () => raw })
    await expect(cache.get()).rejects.toMatchObject({ code: 'invalid-credentials', diagnosis: { detail: { field: 'tmpSecretKey' } } })
    raw = ours
    await expect(cache.get()).resolves.toMatchObject({ sessionToken: 'token-1' })
    expect(cache.fetchCount).toBe(2)
  })

  it('invalidate() forces a fetch, and a fetch in flight when invalidated is not cached', async () => {
    const { cache } = setup()
    await cache.get()
    cache.invalidate()
    const inFlight = cache.get()
    expect(cache.fetchCount).toBe(2)
    cache.invalidate()
    expect((await inFlight).sessionToken).toBe('token-2')
    expect((await cache.get()).sessionToken).toBe('token-3')
    expect((await cache.get()).sessionToken).toBe('token-3')
    expect(cache.fetchCount).toBe(3)
  })

  it('a fetch invalidated in flight that then fails leaves the newer fetch shared', async () => {
    const answers: Array<{ resolve(value: unknown): void; reject(error: Error): void }> = []
    const cache = new CredentialSession({ now: () => NOW_MS, getCredentials: () => new Promise((resolve, reject) => answers.push({ resolve, reject })) })
    const stale = cache.get()
    cache.invalidate()
    const fresh = cache.get()
    await new Promise((resolve) => setImmediate(resolve))
    answers[0].reject(new Error('sts down'))
    await expect(stale).rejects.toMatchObject({ code: 'credentials-fetch-failed' })
    const shared = cache.get()
    expect(cache.fetchCount).toBe(2)
    answers[1].resolve(ours)
    await expect(Promise.all([fresh, shared])).resolves.toEqual([expect.objectContaining({ sessionToken: 'token-1' }), expect.objectContaining({ sessionToken: 'token-1' })])
  })

  it('invalidate(staleId) drops only those credentials: newer ones, cached or being fetched, are kept', async () => {
    const clock = { ms: NOW_MS }
    let issued = 0
    const session = new CredentialSession({ now: () => clock.ms, getCredentials: async () => {
      issued++
      return { ...ours, tmpSecretId: `AKID${issued}`, startTime: Math.floor(clock.ms / 1000), expiredTime: Math.floor(clock.ms / 1000) + 1800 }
    } })
    expect((await session.get()).tmpSecretId).toBe('AKID1')
    session.invalidate()
    expect((await session.get()).tmpSecretId).toBe('AKID2')
    // A task that signed with AKID1 fails late: AKID2 is newer and stays.
    session.invalidate('AKID1')
    expect((await session.get()).tmpSecretId).toBe('AKID2')
    expect(session.fetchCount).toBe(2)
    // Past the refresh margin AKID2 is still cached while AKID3 is fetched: a late failure signed with AKID2 keeps that fetch.
    clock.ms += 1800_000
    const refreshing = session.get()
    session.invalidate('AKID2')
    const shared = session.get()
    expect(session.fetchCount).toBe(3)
    await expect(Promise.all([refreshing, shared])).resolves.toEqual([expect.objectContaining({ tmpSecretId: 'AKID3' }), expect.objectContaining({ tmpSecretId: 'AKID3' })])
    // The credentials that failed are dropped.
    session.invalidate('AKID3')
    expect((await session.get()).tmpSecretId).toBe('AKID4')
  })

  it('prefetch() starts the fetch once; a failed prefetch is retried by the next get()', async () => {
    const { cache } = setup()
    cache.prefetch()
    cache.prefetch()
    expect(cache.fetchCount).toBe(1)
    expect((await cache.get()).sessionToken).toBe('token-1')
    expect(cache.fetchCount).toBe(1)

    let fail = true
    const flaky = new CredentialSession({ now: () => NOW_MS, getCredentials: async () => {
      if (fail) throw new Error('offline')
      return ours
    } })
    flaky.prefetch()
    await new Promise((resolve) => setImmediate(resolve))
    fail = false
    await expect(flaky.get()).resolves.toMatchObject({ sessionToken: 'token-1' })
    expect(flaky.fetchCount).toBe(2)
  })
})
