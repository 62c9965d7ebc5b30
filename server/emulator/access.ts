// May this request do this action on this object? Root key, temporary key (token, expiry, scope) or
// anonymous reading of a public-read bucket; the signature is recomputed from the request itself.
import type { IncomingMessage } from 'node:http'
import { scopeAllows, type ObjectAction } from '../sts/scope'
import type { RequestTarget } from './addressing'
import { authorizationHeaderValues, checkKeyTime, parseAuthorization, verifySignature, type AuthorizationFields } from './authorization'
import { accessDenied } from './cosError'
import { resolvePrincipal, type Principal } from './principal'
import { nowSeconds, type EmulatorState } from './state'

/** Throws 403 AccessDenied unless a temporary key's scope allows the action on the key. */
export function checkScope(principal: Principal, action: ObjectAction, bucket: string, key: string): void {
  if (principal.scope && !scopeAllows(principal.scope, action, bucket, key)) throw accessDenied()
}

/** Verifies a parsed authorization against the request: time window, key and token, then signature. */
export function authenticate(
  state: EmulatorState,
  auth: AuthorizationFields,
  sessionToken: string | undefined,
  request: { method: string; pathname: string; query: Record<string, string>; headers: IncomingMessage['headers'] },
): Principal {
  // The window first: an expired temporary key signed with its own startTime;expiredTime reads "Request has
  // expired", the answer SDKs refresh their keys on.
  checkKeyTime(auth.keyTime, nowSeconds(state))
  const principal = resolvePrincipal(state.root, auth.ak, sessionToken, nowSeconds(state))
  verifySignature(auth, principal.secretKey, request)
  return principal
}

const headerText = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)

/** For PUT/GET/HEAD/DELETE: the Authorization header, or the q-* query parameters. */
export function authorizeObjectRequest(state: EmulatorState, req: IncomingMessage, target: RequestTarget, action: ObjectAction): void {
  const header = headerText(req.headers.authorization)
  const inQuery = target.query['q-signature'] !== undefined
  if (!header && !inQuery) {
    const bucket = state.buckets.get(target.bucket as string)
    if (bucket?.publicRead && (action === 'GetObject' || action === 'HeadObject')) return
    throw accessDenied()
  }
  const auth = parseAuthorization(header ? authorizationHeaderValues(header) : target.query)
  const token = headerText(req.headers['x-cos-security-token']) ?? target.query['x-cos-security-token']
  const principal = authenticate(state, auth, token, {
    method: req.method as string, pathname: target.pathname, query: target.query, headers: req.headers,
  })
  checkScope(principal, action, target.bucket as string, target.key)
}
