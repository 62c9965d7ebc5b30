// The STS service's guards: a CORS origin allowlist and a fixed-window per-client rate limit.
import type { IncomingMessage, ServerResponse } from 'node:http'

/** Sets CORS headers for an allowed Origin; false when the request carries an Origin that isn't allowed. */
export function applyCors(req: IncomingMessage, res: ServerResponse, allowedOrigins: string[]): boolean {
  const origin = req.headers.origin
  if (!origin) return true
  if (allowedOrigins.indexOf(origin) < 0 && allowedOrigins.indexOf('*') < 0) return false
  res.setHeader('Access-Control-Allow-Origin', origin)
  res.setHeader('Vary', 'Origin')
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS')
  res.setHeader('Access-Control-Allow-Headers', req.headers['access-control-request-headers'] || 'Content-Type, Authorization')
  res.setHeader('Access-Control-Max-Age', '600')
  return true
}

export class RateLimiter {
  private windowStart = 0
  private readonly counts = new Map<string, number>()

  constructor(private readonly perMinute: number, private readonly now: () => number = Date.now) {}

  /** Counts one request for `client`; returns seconds to wait when over the limit, else 0. */
  hit(client: string): number {
    const now = this.now()
    if (now - this.windowStart >= 60000) {
      this.windowStart = now
      this.counts.clear()
    }
    const count = (this.counts.get(client) || 0) + 1
    this.counts.set(client, count)
    return count > this.perMinute ? Math.ceil((this.windowStart + 60000 - now) / 1000) : 0
  }
}
