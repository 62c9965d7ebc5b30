// Who may ask the STS service for keys. CORS is not authentication: a mini program sends no Origin at all, and any
// script outside a browser sends whatever Origin it likes. Off loopback the service must check the caller: a shared
// bearer token, your own `authorize(req)`, or both.
import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

export interface StsAuth {
  /** Callers must send `Authorization: Bearer <token>`. */
  authToken?: string
  /** Your user check (a session, a signed ticket…); false refuses the request with 401. */
  authorize?: (req: IncomingMessage) => boolean | Promise<boolean>
}

const LOOPBACK_HOSTS = /^(localhost|127(?:\.\d{1,3}){3}|::1|\[::1\])$/i

/** Whether listening on `host` keeps the service reachable from this machine only. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.test(host)
}

/** Throws unless the service on `host` is either loopback-only or authenticates its callers. */
export function requireAuthOffLoopback(host: string, auth: StsAuth): void {
  if (isLoopbackHost(host) || auth.authToken || auth.authorize) return
  throw new Error('the STS service listens beyond loopback only with authentication: give it a bearer token ' +
    '(--auth-token or STS_AUTH_TOKEN) or an authorize(req) module (--authorize <module>). CORS is not authentication.')
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest()

/** Whether the request passes every check configured (none configured: loopback, anyone on this machine). */
export async function isAuthenticated(req: IncomingMessage, auth: StsAuth): Promise<boolean> {
  if (auth.authToken) {
    const match = /^Bearer (.+)$/i.exec(req.headers.authorization || '')
    // Compared as digests: equal lengths for timingSafeEqual, and no early exit on the first differing byte.
    if (!match || !timingSafeEqual(digest(match[1].trim()), digest(auth.authToken))) return false
  }
  return auth.authorize ? !!(await auth.authorize(req)) : true
}
