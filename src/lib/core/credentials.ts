// Temporary (STS) credentials: accept the shapes STS services return and refuse permanent keys; and the one
// session that owns them on a device: the cache (single-flight), the server's clock as learned from COS's answers,
// and recover(error), which fixes what a clock or credential failure needs before re-signing.
import { clockOffsetFromDate } from './diagnose'
import { CosServiceError, CredentialsError, InvalidInputError, isCosUploaderError, type CosUploaderError } from './errors'
import { diagnosis } from './messages'
import { localKeyTime } from './sign'

export interface TemporaryCredentials {
  tmpSecretId: string
  tmpSecretKey: string
  /** '' only for a permanent key accepted with `dangerouslyAllowPermanentKey`. */
  sessionToken: string
  /** Unix seconds, server clock (when the STS service says). */
  startTime?: number
  /** Unix seconds, server clock; Infinity for an accepted permanent key. */
  expiredTime: number
}

export interface NormalizeOptions {
  /** Device time for the expiry check when there is no startTime; default Date.now(). */
  nowMs?: number
  /** Accept a key without sessionToken. A permanent key shipped to devices can be extracted by anyone. */
  dangerouslyAllowPermanentKey?: boolean
}

type Fields = Record<string, unknown>

const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null

// A field under any of the names STS services use, in any case: ours, qcloud-cos-sts, the STS API
// (`Credentials.Token`), the SDK callback (`SecurityToken`).
function pick(sources: Fields[], names: string[]): unknown {
  for (const source of sources) {
    for (const name of Object.keys(source)) if (names.indexOf(name.toLowerCase()) > -1 && source[name] != null) return source[name]
  }
  return undefined
}

const fail = (field: string, value?: unknown) =>
  new CredentialsError(diagnosis('invalid-credentials', { field, value: typeof value }))

function text(sources: Fields[], field: string, names: string[]): string {
  const value = pick(sources, names)
  if (typeof value !== 'string' || !value) throw fail(field, value)
  return value
}

// Unix seconds, 10 digits (a millisecond value is a common mistake).
function seconds(sources: Fields[], field: string, names: string[]): number | undefined {
  const value = pick(sources, names)
  if (value === undefined) return undefined
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value
  if (typeof number !== 'number' || !Number.isInteger(number) || number <= 0 || number >= 1e11) throw fail(field, value)
  return number
}

/** Validates what `getCredentials()` returned and brings it to one shape; throws CredentialsError naming the field. */
export function normalizeCredentials(raw: unknown, options: NormalizeOptions = {}): TemporaryCredentials {
  if (!isObject(raw)) throw fail('credentials', raw)
  const sources = [raw, raw.credentials, raw.Credentials].filter(isObject)
  const tmpSecretId = text(sources, 'tmpSecretId', ['tmpsecretid', 'secretid'])
  const tmpSecretKey = text(sources, 'tmpSecretKey', ['tmpsecretkey', 'secretkey'])
  const token = pick(sources, ['sessiontoken', 'securitytoken', 'token'])
  const startTime = seconds(sources, 'startTime', ['starttime'])
  const expiredTime = seconds(sources, 'expiredTime', ['expiredtime'])
  // A blank token is no token: COS ignores it, so the key signs as a permanent one.
  if (token === undefined || (typeof token === 'string' && !token.trim())) {
    if (!options.dangerouslyAllowPermanentKey) throw new CredentialsError(diagnosis('permanent-key-refused'))
    return { tmpSecretId, tmpSecretKey, sessionToken: '', expiredTime: expiredTime || Infinity }
  }
  if (typeof token !== 'string') throw fail('sessionToken', token)
  if (expiredTime === undefined) throw fail('expiredTime')
  // With startTime both times are the server's, so a wrong device clock can't make fresh credentials look expired.
  const nowSeconds = startTime === undefined ? (options.nowMs ?? Date.now()) / 1000 : startTime
  if (expiredTime <= nowSeconds) throw new CredentialsError(diagnosis('credentials-expired', { expiredTime, startTime }))
  return { tmpSecretId, tmpSecretKey, sessionToken: token, ...(startTime === undefined ? {} : { startTime }), expiredTime }
}

/**
 * The KeyTime to sign with: the server's `startTime;expiredTime` when the credentials carry startTime (immune to
 * device clock skew), else the SDK's local formula with `clockOffsetMs` and `expiresSeconds` (default 900).
 */
export function credentialKeyTime(creds: TemporaryCredentials, nowMs: number, clockOffsetMs = 0, expiresSeconds?: number): string {
  return creds.startTime !== undefined
    ? `${creds.startTime};${creds.expiredTime}`
    : localKeyTime(nowMs, expiresSeconds, clockOffsetMs)
}

export interface CredentialSessionOptions {
  getCredentials: () => Promise<unknown>
  /** Device clock in ms; default Date.now. */
  now?: () => number
  /** Fetch new credentials this long before they expire; at least 30, default 60. */
  refreshMarginSeconds?: number
  dangerouslyAllowPermanentKey?: boolean
}

/** What a signature needs: the key, its token, and the KeyTime to sign with. */
export interface SigningKey {
  secretId: string
  secretKey: string
  sessionToken: string
  /** Unix seconds, server clock. */
  expiredTime: number
  keyTime: string
}

/**
 * One device's credentials: cached until `refreshMarginSeconds` before expiry (concurrent get() calls share one
 * fetch), signed with on the server's clock once an answer from COS told it, and fixed by recover(error). Share one
 * between uploaders with the `session` option.
 */
export class CredentialSession {
  /** Server minus device, in ms: 0 until an answer's Date header says otherwise. */
  offsetMs = 0
  private readonly options: CredentialSessionOptions
  private readonly now: () => number
  private readonly marginMs: number
  private cached?: { credentials: TemporaryCredentials; refreshAtMs: number }
  private pending?: Promise<TemporaryCredentials>
  private fetches = 0

  constructor(options: CredentialSessionOptions) {
    const margin = options.refreshMarginSeconds ?? 60
    if (typeof options.getCredentials !== 'function' || !(margin >= 30)) {
      throw new InvalidInputError(diagnosis('invalid-options', { option: margin >= 30 ? 'getCredentials' : 'refreshMarginSeconds' }))
    }
    this.options = options
    this.now = options.now || Date.now
    this.marginMs = margin * 1000
  }

  /** How many times getCredentials has been called. */
  get fetchCount(): number {
    return this.fetches
  }

  get(): Promise<TemporaryCredentials> {
    if (this.cached && this.now() < this.cached.refreshAtMs) return Promise.resolve(this.cached.credentials)
    return this.pending || this.fetch()
  }

  /**
   * The key to sign with, and its KeyTime: `expiresIn` seconds from the server's now, or by default the
   * credentials' own window (see credentialKeyTime). Once the server's clock is known, credentials that already
   * expire there are fetched again instead of handed out (an expiredTime without startTime reads as device time).
   */
  async signingKey(expiresIn?: number): Promise<SigningKey> {
    if (this.offsetMs !== 0 && this.cached && this.now() + this.offsetMs >= this.cached.credentials.expiredTime * 1000 - this.marginMs) {
      this.invalidate()
    }
    const credentials = await this.get()
    const { tmpSecretId: secretId, tmpSecretKey: secretKey, sessionToken, expiredTime } = credentials
    const keyTime = expiresIn === undefined
      ? credentialKeyTime(credentials, this.now(), this.offsetMs)
      : localKeyTime(this.now(), expiresIn, this.offsetMs)
    return { secretId, secretKey, sessionToken, expiredTime, keyTime }
  }

  /**
   * Forget the cached credentials (e.g. after ExpiredToken); the next get() fetches. With `staleSecretId`, only if
   * the cached credentials are those (not when newer ones are cached or being fetched).
   */
  invalidate(staleSecretId?: string): void {
    if (staleSecretId !== undefined && (this.pending || this.cached?.credentials.tmpSecretId !== staleSecretId)) return
    this.cached = undefined
    this.pending = undefined
  }

  /**
   * Before re-signing after a clock or credential failure (`clockAlone`: the error was the clock's, per the retry
   * policy): adopts the server's clock from the answer's Date header when it has one, and drops the credentials
   * unless the clock alone failed and its time is known (a skewed device with good credentials costs no STS fetch;
   * signingKey() still drops them if they expire on the server's clock). With `signedWith`, what the failed
   * attempt signed with: nothing if it signed on an older clock (another task already fixed it), and only those
   * credentials are dropped. Whether it acted.
   */
  recover(error: CosUploaderError, clockAlone: boolean, signedWith?: { secretId: string; offsetMs: number }): boolean {
    if (signedWith && signedWith.offsetMs !== this.offsetMs) return false
    const offsetMs = error instanceof CosServiceError ? clockOffsetFromDate(error.responseHeaders.date, this.now()) : undefined
    if (offsetMs !== undefined) this.offsetMs = offsetMs
    if (!(clockAlone && offsetMs !== undefined)) this.invalidate(signedWith?.secretId)
    return true
  }

  /** Start fetching now so the first upload doesn't wait; a failure is left for the next get() to retry. */
  prefetch(): void {
    this.get().catch(() => undefined)
  }

  private fetch(): Promise<TemporaryCredentials> {
    this.fetches++
    const startedMs = this.now()
    const flight: Promise<TemporaryCredentials> = Promise.resolve()
      .then(() => this.options.getCredentials())
      .then((raw) => {
        const credentials = normalizeCredentials(raw, { nowMs: startedMs, dangerouslyAllowPermanentKey: this.options.dangerouslyAllowPermanentKey })
        const { startTime, expiredTime } = credentials
        // Measure the lifetime on the server's clock, spend it on the device's.
        const expiresMs = startTime === undefined ? expiredTime * 1000 : startedMs + (expiredTime - startTime) * 1000
        if (this.pending === flight) {
          this.cached = { credentials, refreshAtMs: expiresMs - this.marginMs }
          this.pending = undefined
        }
        return credentials
      }, (cause: unknown) => {
        throw isCosUploaderError(cause) ? cause
          : new CredentialsError(diagnosis('credentials-fetch-failed', { reason: String(cause) }), { cause })
      })
      .catch((error: unknown) => {
        if (this.pending === flight) this.pending = undefined
        throw error
      })
    this.pending = flight
    return flight
  }
}
