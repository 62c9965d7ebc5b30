// POST Object: a multipart form, fields first and the file part last, streamed to disk. Signed either by the
// documented policy fields (q-ak, q-key-time, q-signature, policy) or by the legacy `Signature` field that the
// mini-program SDK sends (an Authorization for `POST /`).
import type { IncomingMessage, ServerResponse } from 'node:http'
import { resolveEndpoint, objectUrl } from '../../src/lib/node'
import { authenticate, checkScope } from './access'
import type { RequestTarget } from './addressing'
import { authorizationHeaderValues, checkKeyTime, equalText, parseAuthorization, policySignature } from './authorization'
import { accessDenied, CosHttpError } from './cosError'
import { openPostForm } from './multipartForm'
import { checkSubresources, validateKey } from './objectRequests'
import { checkPolicyConditions } from './policyConditions'
import { resolvePrincipal, type Principal } from './principal'
import type { RequestBody } from './requestBody'
import { nowSeconds, type EmulatorState } from './state'
import { storedHeaders } from './storedHeaders'
import { xmlDocument } from './xml'

interface Authorized {
  principal: Principal
  lengthRange?: [number, number]
}

function authorizeByPolicy(state: EmulatorState, target: RequestTarget, fields: Record<string, string>, key: string): Authorized {
  const missing = ['q-sign-algorithm', 'q-ak', 'q-key-time', 'q-signature'].find((name) => !fields[name])
  if (missing) throw new CosHttpError(400, 'InvalidArgument', `The form field ${missing} is required with a policy.`)
  // COS documents sha1 only; what it answers for another algorithm isn't documented. The emulator's choice: worded
  // like COS's documented condition mismatch, so a client's diagnosis names the field.
  if (fields['q-sign-algorithm'] !== 'sha1') throw accessDenied(`Condition key q-sign-algorithm doesn't match the value ${fields['q-sign-algorithm']}`)
  const policyText = Buffer.from(fields.policy, 'base64').toString('utf8')
  checkKeyTime(fields['q-key-time'], nowSeconds(state))
  const principal = resolvePrincipal(state.root, fields['q-ak'], fields['x-cos-security-token'], nowSeconds(state))
  const { lengthRange } = checkPolicyConditions({ policyText, fields, bucket: target.bucket as string, key, nowMs: state.now() })
  const expected = policySignature(principal.secretKey, fields['q-key-time'], policyText)
  if (!equalText(expected.signature, fields['q-signature'])) {
    // COS's documentation doesn't say whether it sends a FormatString for a policy form. As for a signed request
    // it is the text the StringToSign hashes, here the policy as decoded, so a client can compare what it signed.
    throw new CosHttpError(403, 'SignatureDoesNotMatch', 'The Signature you specified is invalid.', {
      StringToSign: expected.stringToSign,
      FormatString: policyText,
    })
  }
  return { principal, lengthRange }
}

function authorize(state: EmulatorState, req: IncomingMessage, target: RequestTarget, fields: Record<string, string>, key: string): Authorized {
  if (fields.policy !== undefined) return authorizeByPolicy(state, target, fields, key)
  const authorization = fields.signature ?? (req.headers.authorization as string | undefined)
  if (!authorization && state.buckets.get(target.bucket as string)?.publicWrite) return { principal: { secretId: '', secretKey: '' } }
  if (!authorization) throw accessDenied()
  const principal = authenticate(state, parseAuthorization(authorizationHeaderValues(authorization)),
    fields['x-cos-security-token'] ?? (req.headers['x-cos-security-token'] as string | undefined),
    { method: 'POST', pathname: target.pathname, query: target.query, headers: req.headers })
  return { principal }
}

function successAnswer(state: EmulatorState, res: ServerResponse, target: RequestTarget, fields: Record<string, string>, key: string, etag: string): void {
  const endpoint = resolveEndpoint({ bucket: target.bucket as string, region: state.region, endpoint: `http://${target.host}`, forcePathStyle: target.pathStyle })
  const location = objectUrl(endpoint, key)
  res.setHeader('ETag', etag)
  res.setHeader('Location', location)
  const redirect = fields.success_action_redirect
  if (redirect) {
    const query = `bucket=${encodeURIComponent(target.bucket as string)}&key=${encodeURIComponent(key)}&etag=${encodeURIComponent(etag)}`
    res.writeHead(303, { Location: redirect + (redirect.indexOf('?') < 0 ? '?' : '&') + query, 'Content-Length': '0' }).end()
    return
  }
  const status = Number(fields.success_action_status)
  if (status === 201) {
    const body = xmlDocument('PostResponse', [['Location', location], ['Bucket', target.bucket as string], ['Key', key], ['ETag', etag]])
    res.writeHead(201, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(body) }).end(body)
    return
  }
  res.writeHead(status === 200 ? 200 : 204, { 'Content-Length': '0' }).end()
}

export async function postObject(state: EmulatorState, req: IncomingMessage, res: ServerResponse, target: RequestTarget, body: RequestBody): Promise<void> {
  checkSubresources(target.query)
  const form = await openPostForm(body, req.headers['content-type'])
  const { fields, filename } = form
  const key = (fields.key ?? '').replace(/\$\{filename\}/g, filename)
  validateKey(key)
  const { principal, lengthRange } = authorize(state, req, target, fields, key)
  checkScope(principal, 'PostObject', target.bucket as string, key)
  const pending = await state.store.begin(target.bucket as string, key)
  try {
    const max = lengthRange ? lengthRange[1] : Infinity
    for await (const chunk of form.file) {
      if (pending.size + chunk.length > max) {
        throw new CosHttpError(400, 'EntityTooLarge', "Condition key content-length-range doesn't match the value")
      }
      await pending.write(chunk)
    }
    if (lengthRange && pending.size < lengthRange[0]) {
      throw new CosHttpError(400, 'EntityTooSmall', "Condition key content-length-range doesn't match the value")
    }
    await form.received()
    const { contentType, headers } = storedHeaders(fields)
    const meta = await pending.commit({ contentType, headers, lastModified: new Date(state.now()).toISOString() })
    successAnswer(state, res, target, fields, key, meta.etag)
  } finally {
    await pending.discard()
  }
}
