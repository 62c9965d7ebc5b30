// What to do after a failed attempt: back off and retry transient failures, fix the clock (and the credentials,
// where they expired) once for expiry/skew, and never retry what cannot succeed (scope, signature, size,
// allowlist). The policy only; the credentials session does the fixing (CredentialSession.recover).
import { clockOffsetFromDate } from '../diagnose'
import { CosServiceError, CredentialsError, type CosUploaderError } from '../errors'

export interface RetryLimits {
  /** Automatic retries of transient failures per run. Default 3. */
  maxRetries: number
  baseDelayMs: number
  maxDelayMs: number
}

export const defaultRetryLimits: RetryLimits = { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 8000 }

export type Recovery =
  | { action: 'fail' }
  /** Same key, same signing, after `delayMs`. */
  | { action: 'retry'; delayMs: number }
  /**
   * Adopt the server's clock from the answer, renew the credentials where they may be the cause (for a clock
   * failure only when they expire on the server's clock), re-sign and try again.
   */
  | { action: 'refresh' }

export interface RecoveryContext {
  /** Automatic retries already spent in this run. */
  retries: number
  /** Whether this run already refreshed credentials once. */
  refreshed: boolean
  /** The clock offset (server − device, ms) the failed attempt signed with, where a credentials session keeps one. */
  signedOffsetMs?: number
  usingTemporaryKey: boolean
  nowMs: number
  random: () => number
}

const CLOCK_CODES = ['RequestTimeTooSkewed']
const CREDENTIAL_CODES = ['ExpiredToken']

export type FailureCause = 'clock' | 'credentials' | 'scope' | 'transient' | 'final'

/**
 * 'clock' and 'credentials' are fixed by refreshing, 'transient' by waiting. 'scope' (AccessDenied) needs a person
 * to widen the STS policy first, so it is final for automatic retries.
 */
export function failureCause(error: CosUploaderError, usingTemporaryKey: boolean): FailureCause {
  if (error.kind === 'network') return 'transient'
  // The STS service failed or answered garbage: asking again later may work. A permanent key never will.
  if (error instanceof CredentialsError) return error.code === 'permanent-key-refused' ? 'final' : 'transient'
  if (!(error instanceof CosServiceError)) return 'final'
  const { Code, Message } = error.cos
  if (CLOCK_CODES.includes(Code) || (Code === 'AccessDenied' && /expired/i.test(Message))) return 'clock'
  if (CREDENTIAL_CODES.includes(Code) || (Code === 'InvalidAccessKeyId' && usingTemporaryKey)) return 'credentials'
  if (Code === 'AccessDenied') return 'scope'
  return error.statusCode >= 500 || Code === 'RequestTimeout' ? 'transient' : 'final'
}

/**
 * Whether a manual retry fixes the credentials or the clock first: when they or the clock failed (new credentials
 * only if they may be the cause, as for 'refresh'), or when their scope did (a temporary key carries its STS policy,
 * so a widened policy only takes effect with a new key).
 */
export function retryRefreshesCredentials(error: CosUploaderError, usingTemporaryKey: boolean): boolean {
  const cause = failureCause(error, usingTemporaryKey)
  return cause === 'clock' || cause === 'credentials' || (cause === 'scope' && usingTemporaryKey)
}

const hasServerTime = (error: CosUploaderError, nowMs: number) =>
  error instanceof CosServiceError && clockOffsetFromDate(error.responseHeaders.date, nowMs) !== undefined

/** More than a Date header's second and a slow answer: the server's time, not the same skew seen again. */
const CLOCK_MOVED_MS = 5000

/**
 * A run refreshes once, so a fix that didn't help is reported rather than repeated. But a clock can move again after
 * that fix (a device clock set forward mid-upload, after an expiry was already fixed): when the server's time is now
 * away from the clock the attempt signed on, refreshing again helps. It spends a retry, so it can't go on forever.
 */
function clockMovedSinceSigning(error: CosUploaderError, context: RecoveryContext, limits: RetryLimits): boolean {
  if (context.signedOffsetMs === undefined || context.retries >= limits.maxRetries || !(error instanceof CosServiceError)) return false
  const offsetMs = clockOffsetFromDate(error.responseHeaders.date, context.nowMs)
  return offsetMs !== undefined && Math.abs(offsetMs - context.signedOffsetMs) > CLOCK_MOVED_MS
}

/** Exponential backoff with full jitter: uniform in [0, min(max, base·2^(retry−1))). */
export function backoffDelay(retry: number, random: () => number, limits: RetryLimits = defaultRetryLimits): number {
  return Math.floor(random() * Math.min(limits.maxDelayMs, limits.baseDelayMs * 2 ** (retry - 1)))
}

// A possibly lost answer (a network failure after sending) is checked with a HEAD before this is asked: see answer.ts.
export function decideRecovery(error: CosUploaderError, context: RecoveryContext, limits: RetryLimits = defaultRetryLimits): Recovery {
  const cause = failureCause(error, context.usingTemporaryKey)
  if (cause === 'transient' && context.retries < limits.maxRetries) {
    return { action: 'retry', delayMs: backoffDelay(context.retries + 1, context.random, limits) }
  }
  if ((cause === 'clock' || cause === 'credentials') && (!context.refreshed || clockMovedSinceSigning(error, context, limits))) {
    // Without the server's time a clock failure would just repeat; report it instead.
    if (cause === 'clock' && !hasServerTime(error, context.nowMs)) return { action: 'fail' }
    return { action: 'refresh' }
  }
  return { action: 'fail' }
}
