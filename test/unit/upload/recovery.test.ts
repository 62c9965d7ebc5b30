import { CredentialSession } from '../../../src/lib/core/credentials'
import { hostErrorFrom } from '../../../src/lib/hosts/diagnose'
import { CosServiceError, CosUploaderError, CredentialsError, HostError, InvalidInputError } from '../../../src/lib/core/errors'
import { backoffDelay, decideRecovery, defaultRetryLimits, failureCause, retryRefreshesCredentials, type RecoveryContext } from '../../../src/lib/core/upload/retry'

const NOW = Date.parse('2026-03-01T08:00:00Z')
const diagnosis = (code: string, retryable = false) => ({ code, message: { 'zh-CN': code, en: code }, retryable })

function cosError(statusCode: number, Code: string, Message = '', headers: Record<string, string> = {}): CosServiceError {
  return new CosServiceError(statusCode, { Code, Message, RequestId: 'req-1' }, diagnosis(Code), headers)
}

const context = (patch: Partial<RecoveryContext> = {}): RecoveryContext =>
  ({ retries: 0, refreshed: false, usingTemporaryKey: true, nowMs: NOW, random: () => 0.5, ...patch })

describe('failureCause', () => {
  const cases: Array<[CosUploaderError, string]> = [
    [cosError(500, 'InternalError'), 'transient'],
    [cosError(503, 'SlowDown'), 'transient'],
    [cosError(400, 'RequestTimeout', 'Your socket connection to the server was not read from or written to within the timeout period.'), 'transient'],
    [new HostError('uploadFile:fail timeout', diagnosis('timeout', true), 'network'), 'transient'],
    [new CosUploaderError('network', diagnosis('network-error', true)), 'transient'],
    [cosError(403, 'RequestTimeTooSkewed', 'The difference between the request time and the server\'s time is too large.'), 'clock'],
    [cosError(403, 'AccessDenied', 'Request has expired'), 'clock'],
    [cosError(403, 'AccessDenied', 'You post object request has been expired, expiration time: 1 but the time now : 2'), 'clock'],
    [cosError(400, 'ExpiredToken', 'The provided token has expired.'), 'credentials'],
    [cosError(403, 'InvalidAccessKeyId', 'The access key Id format you provided is invalid.'), 'credentials'],
    [cosError(403, 'AccessDenied', 'Access Denied.'), 'scope'],
    [cosError(403, 'SignatureDoesNotMatch', 'The Signature you specified is invalid.'), 'final'],
    [cosError(400, 'EntityTooLarge', 'Condition key content-length-range doesn\'t match the value 10'), 'final'],
    [cosError(404, 'NoSuchBucket', 'The specified bucket does not exist.'), 'final'],
    [new HostError('uploadFile:fail url not in domain list', diagnosis('domain-not-allowed')), 'final'],
    [new InvalidInputError(diagnosis('invalid-key')), 'final'],
    [new CosUploaderError('canceled', diagnosis('canceled')), 'final'],
    // The STS service failed or answered garbage: asking again later may work. A permanent key never will.
    [new CredentialsError(diagnosis('credentials-fetch-failed')), 'transient'],
    [new CredentialsError(diagnosis('invalid-credentials')), 'transient'],
    [new CredentialsError(diagnosis('permanent-key-refused')), 'final'],
  ]
  it.each(cases.map(([error, cause]) => ({ error, cause, label: error instanceof CosServiceError ? `${error.cos.Code} ${error.cos.Message}` : error.code })))('$label → $cause', ({ error, cause }) => {
    expect(failureCause(error, true)).toBe(cause)
  })

  it.each([
    ['uploadFile:fail interrupted', 'transient'],
    ['uploadFile:fail timeout', 'transient'],
    ['uploadFile:fail url not in domain list', 'final'],
    ['uploadFile:fail abort', 'final'],
  ])('host errMsg %s (as the host layer classifies it) → %s', (errMsg, cause) => {
    expect(failureCause(hostErrorFrom(errMsg, 'examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com'), true)).toBe(cause)
  })

  it('treats InvalidAccessKeyId on a permanent key as final: refreshing cannot fix a wrong SecretId', () => {
    expect(failureCause(cosError(403, 'InvalidAccessKeyId'), false)).toBe('final')
  })
})

describe('retryRefreshesCredentials (manual retry)', () => {
  it('refreshes after clock, credential and, on a temporary key, scope failures', () => {
    expect(retryRefreshesCredentials(cosError(403, 'AccessDenied', 'Request has expired'), true)).toBe(true)
    expect(retryRefreshesCredentials(cosError(400, 'ExpiredToken'), true)).toBe(true)
    expect(retryRefreshesCredentials(cosError(403, 'AccessDenied', 'Access Denied.'), true)).toBe(true)
  })

  it('keeps the credentials for other failures, and for a scope failure of a permanent key', () => {
    expect(retryRefreshesCredentials(cosError(403, 'AccessDenied', 'Access Denied.'), false)).toBe(false)
    expect(retryRefreshesCredentials(cosError(403, 'SignatureDoesNotMatch'), true)).toBe(false)
    expect(retryRefreshesCredentials(cosError(500, 'InternalError'), true)).toBe(false)
    expect(retryRefreshesCredentials(new CosUploaderError('network', diagnosis('network-error', true)), true)).toBe(false)
  })
})

describe('backoffDelay (full jitter)', () => {
  it('draws uniformly below base·2^(retry−1), capped', () => {
    const limits = { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 3000 }
    expect([1, 2, 3, 4, 5].map((retry) => backoffDelay(retry, () => 0.5, limits))).toEqual([250, 500, 1000, 1500, 1500])
    expect(backoffDelay(3, () => 0, limits)).toBe(0)
    expect(backoffDelay(3, () => 0.999999, limits)).toBe(1999)
  })

  it('uses 500 ms base and an 8 s cap by default', () => {
    expect(defaultRetryLimits).toEqual({ maxRetries: 3, baseDelayMs: 500, maxDelayMs: 8000 })
    expect(backoffDelay(10, () => 0.5)).toBe(4000)
  })
})

describe('decideRecovery', () => {
  it('retries transient failures with backoff until the limit, then fails', () => {
    const error = cosError(502, 'BadGateway')
    expect(decideRecovery(error, context({ retries: 0 }))).toEqual({ action: 'retry', delayMs: 250 })
    expect(decideRecovery(error, context({ retries: 2 }))).toEqual({ action: 'retry', delayMs: 1000 })
    expect(decideRecovery(error, context({ retries: 3 }))).toEqual({ action: 'fail' })
  })

  it('refreshes once for clock failures with a Date header; the session adopts its offset', () => {
    const tenMinutesAhead = new Date(NOW + 600_000).toUTCString()
    const error = cosError(403, 'RequestTimeTooSkewed', 'too skewed', { date: tenMinutesAhead })
    expect(decideRecovery(error, context())).toEqual({ action: 'refresh' })
    expect(decideRecovery(error, context({ refreshed: true }))).toEqual({ action: 'fail' })
    const session = new CredentialSession({ getCredentials: async () => ({}), now: () => NOW })
    expect(session.recover(error, true)).toBe(true)
    expect(session.offsetMs).toBe(600_000)
  })

  it('a failure signed on a clock another task already fixed changes nothing, and says so (no refresh spent)', () => {
    const tenMinutesAhead = new Date(NOW + 600_000).toUTCString()
    const error = cosError(403, 'RequestTimeTooSkewed', 'too skewed', { date: tenMinutesAhead })
    const session = new CredentialSession({ getCredentials: async () => ({}), now: () => NOW })
    expect(session.recover(error, true, { secretId: 'AKIDtmp', offsetMs: 0 })).toBe(true)
    expect(session.offsetMs).toBe(600_000)
    const later = cosError(403, 'RequestTimeTooSkewed', 'too skewed', { date: new Date(NOW + 900_000).toUTCString() })
    expect(session.recover(later, true, { secretId: 'AKIDtmp', offsetMs: 0 })).toBe(false)
    expect(session.offsetMs).toBe(600_000)
  })

  it('refreshes again in a run when the clock moved since the attempt signed (a device clock set forward after an expiry was fixed)', () => {
    const signedOffsetMs = 300_000
    const at = (offsetMs: number) => cosError(403, 'AccessDenied', 'Request has expired', { date: new Date(NOW + offsetMs).toUTCString() })
    expect(decideRecovery(at(signedOffsetMs - 600_000), context({ refreshed: true, signedOffsetMs }))).toEqual({ action: 'refresh' })
    // The same clock as signed (a Date header's second and a slow answer apart): the refresh didn't help; report it.
    expect(decideRecovery(at(signedOffsetMs - 1_500), context({ refreshed: true, signedOffsetMs }))).toEqual({ action: 'fail' })
    // Spends the run's retries, so a server whose clock keeps jumping can't keep it going.
    expect(decideRecovery(at(signedOffsetMs - 600_000), context({ refreshed: true, signedOffsetMs, retries: 3 }))).toEqual({ action: 'fail' })
    // Unknown what it signed on (no credentials session): as before, once.
    expect(decideRecovery(at(-600_000), context({ refreshed: true }))).toEqual({ action: 'fail' })
  })

  it('fails a clock failure without a Date header: retrying would fail the same way', () => {
    expect(decideRecovery(cosError(403, 'AccessDenied', 'Request has expired'), context())).toEqual({ action: 'fail' })
  })

  it('refreshes once for expired tokens even without a Date header', () => {
    expect(decideRecovery(cosError(400, 'ExpiredToken'), context())).toEqual({ action: 'refresh' })
    expect(decideRecovery(cosError(400, 'ExpiredToken'), context({ refreshed: true }))).toEqual({ action: 'fail' })
  })

  it.each(['AccessDenied', 'SignatureDoesNotMatch', 'EntityTooLarge', 'InvalidPolicyDocument'])('never retries %s', (code) => {
    expect(decideRecovery(cosError(code === 'AccessDenied' ? 403 : 400, code, 'x'), context())).toEqual({ action: 'fail' })
  })

  it('never retries a domain-list error', () => {
    expect(decideRecovery(new HostError('uploadFile:fail url not in domain list', diagnosis('domain-not-allowed')), context()))
      .toEqual({ action: 'fail' })
  })
})
