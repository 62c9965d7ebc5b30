import { invalidSignInput } from './signRequest'

/**
 * `start;end` in Unix seconds from the device clock, as the official SDKs compute it:
 * start = round((nowMs + clockOffsetMs) / 1000) - 1, end = start + expiresSeconds.
 * Like the SDKs, an `expiresSeconds` of 0 means the default, 900.
 * Prefer the STS response's startTime;expiredTime (server clock) when you have it.
 */
export function localKeyTime(nowMs: number, expiresSeconds = 900, clockOffsetMs = 0): string {
  if (![nowMs, expiresSeconds, clockOffsetMs].every(isFinite) || expiresSeconds < 0) {
    throw invalidSignInput({ nowMs, expiresSeconds, clockOffsetMs })
  }
  const start = Math.round((nowMs + clockOffsetMs) / 1000) - 1
  return `${start};${start + Math.round(expiresSeconds || 900)}`
}
