// PostObject over real HTTP: the policy form and the legacy Signature form, every policy condition,
// success_action_status / redirect, malformed bodies, and a streamed multipart parser under load.
import { createHash, createHmac, randomBytes } from 'node:crypto'
import { connect } from 'node:net'
import { startEmulator, type RunningEmulator } from '../../server/emulator'
import { resolveEndpoint } from '../../src/lib/core/url'
import { diagnoseCosError, parseCosError } from '../../src/lib/core/diagnose'
import { legacyPostFields, policyPostFields, buildPostPolicy, signPostPolicy, type PostPolicyInput } from '../../src/lib/core/post'
import { BUCKET, keyTimeAround, LEGACY_BUCKET, multipart, send, virtualHost, xmlField, type HttpAnswer } from '../server/http'

let emulator: RunningEmulator

beforeAll(async () => {
  emulator = await startEmulator({ quiet: true })
})
afterAll(() => emulator.close())

type PolicyOptions = Partial<Omit<PostPolicyInput, 'secretId' | 'keyTime'>>

/** Policy form fields signed with the root key (or a temporary key). */
function policyFields(key: string, options: PolicyOptions = {}, extra: Record<string, string> = {}, credentials = emulator.rootKey as { secretId: string; secretKey: string; sessionToken?: string }) {
  const keyTime = keyTimeAround(emulator)
  const policy = buildPostPolicy({
    bucket: BUCKET, expiration: new Date(emulator.now() + 600000), secretId: credentials.secretId, keyTime,
    sessionToken: credentials.sessionToken, ...options,
  })
  const signed = signPostPolicy({ secretId: credentials.secretId, secretKey: credentials.secretKey, keyTime, policy })
  return { ...policyPostFields({ key, secretId: credentials.secretId, keyTime, signed, sessionToken: credentials.sessionToken }), ...extra }
}

/**
 * Policy form fields for a hand-written policy (buildPostPolicy and signPostPolicy refuse the broken ones tested
 * here): `{ bucket }` plus the q-* conditions that `edit` leaves, signed with the root key.
 */
function handSignedFields(key: string, edit: (required: Record<string, string>) => Record<string, string>, formAlgorithm = 'sha1') {
  const { secretId, secretKey } = emulator.rootKey
  const keyTime = keyTimeAround(emulator)
  const required = edit({ 'q-sign-algorithm': 'sha1', 'q-ak': secretId, 'q-sign-time': keyTime })
  const policy = JSON.stringify({
    expiration: new Date(emulator.now() + 600000).toISOString(),
    conditions: [{ bucket: BUCKET }, ...Object.entries(required).map(([name, value]) => ({ [name]: value }))],
  })
  const signKey = createHmac('sha1', secretKey).update(keyTime).digest('hex')
  const signature = createHmac('sha1', signKey).update(createHash('sha1').update(policy).digest('hex')).digest('hex')
  return { key, policy: Buffer.from(policy).toString('base64'), 'q-sign-algorithm': formAlgorithm, 'q-ak': secretId, 'q-key-time': keyTime, 'q-signature': signature }
}

function post(fields: Record<string, string>, file: Buffer, filename?: string, host = virtualHost(emulator), path = '/'): Promise<HttpAnswer> {
  const form = multipart(fields, file, filename)
  return send(emulator.url, { method: 'POST', path, headers: { host, 'content-type': form.contentType }, body: form.body })
}

function expectCode(answer: HttpAnswer, status: number, code: string): void {
  expect({ status: answer.status, code: xmlField(answer.text, 'Code') }).toEqual({ status, code })
}

describe('PostObject, policy form', () => {
  it('stores the file and answers 204 with ETag, Location and x-cos-request-id by default', async () => {
    const file = randomBytes(3000)
    const answer = await post(policyFields('uploads/p1.jpg'), file)
    expect(answer.status).toBe(204)
    expect(answer.headers.etag).toBe(`"${createHash('md5').update(file).digest('hex')}"`)
    expect(answer.headers.location).toBe(`http://${virtualHost(emulator)}/uploads/p1.jpg`)
    expect(answer.headers['x-cos-request-id']).toBeTruthy()
    expect(await emulator.readObject(BUCKET, 'uploads/p1.jpg')).toEqual(file)
  })

  it('answers success_action_status 200 (empty) and 201 (PostResponse XML)', async () => {
    const ok = await post(policyFields('uploads/s200.jpg', {}, { success_action_status: '200' }), Buffer.from('a'))
    expect({ status: ok.status, body: ok.text }).toEqual({ status: 200, body: '' })
    const created = await post(policyFields('uploads/s201.jpg', {}, { success_action_status: '201' }), Buffer.from('b'))
    expect(created.status).toBe(201)
    expect(xmlField(created.text, 'Key')).toBe('uploads/s201.jpg')
    expect(xmlField(created.text, 'Bucket')).toBe(BUCKET)
    expect(xmlField(created.text, 'ETag')).toBe(created.headers.etag)
  })

  it('redirects to success_action_redirect with bucket, key and etag', async () => {
    const answer = await post(policyFields('uploads/r.jpg', {}, { success_action_redirect: 'http://127.0.0.1/done?x=1' }), Buffer.from('r'))
    expect(answer.status).toBe(303)
    const location = new URL(answer.headers.location as string)
    expect(location.origin + location.pathname).toBe('http://127.0.0.1/done')
    expect(Object.fromEntries(location.searchParams)).toEqual({ x: '1', bucket: BUCKET, key: 'uploads/r.jpg', etag: answer.headers.etag })
  })

  it('substitutes ${filename} in the key before checking a prefix condition', async () => {
    const answer = await post(policyFields('uploads/${filename}', { keyPrefix: 'uploads/' }), Buffer.from('named'), 'cat 1.png')
    expect(answer.status).toBe(204)
    expect((await emulator.readObject(BUCKET, 'uploads/cat 1.png'))?.toString()).toBe('named')
  })

  it('stores the Content-Type field and x-cos-meta-* fields', async () => {
    await post(policyFields('uploads/ct.jpg', { contentTypePrefix: 'image/' }, { 'Content-Type': 'image/jpeg', 'x-cos-meta-from': 'test' }), Buffer.from('j'))
    const path = emulator.objectPath(BUCKET, 'uploads/ct.jpg')
    const meta = JSON.parse(require('node:fs').readFileSync(path + '.json', 'utf8'))
    expect(meta).toMatchObject({ contentType: 'image/jpeg', headers: { 'x-cos-meta-from': 'test' } })
  })

  it('enforces content-length-range: 400 EntityTooLarge / EntityTooSmall, and stores nothing', async () => {
    const range: [number, number] = [10, 20]
    expectCode(await post(policyFields('uploads/big.jpg', { contentLengthRange: range }), randomBytes(21)), 400, 'EntityTooLarge')
    expectCode(await post(policyFields('uploads/small.jpg', { contentLengthRange: range }), randomBytes(9)), 400, 'EntityTooSmall')
    expect(await post(policyFields('uploads/fits.jpg', { contentLengthRange: range }), randomBytes(20))).toMatchObject({ status: 204 })
    expect(await emulator.readObject(BUCKET, 'uploads/big.jpg')).toBeUndefined()
    expect(await emulator.readObject(BUCKET, 'uploads/small.jpg')).toBeUndefined()
    expect(await emulator.tempFiles()).toEqual([])
  })

  it('enforces the key (exact and prefix), bucket and Content-Type prefix conditions with AccessDenied', async () => {
    const exact = policyFields('uploads/exact.jpg', { key: 'uploads/exact.jpg' })
    const changed = await post({ ...exact, key: 'uploads/other.jpg' }, Buffer.from('x'))
    expectCode(changed, 403, 'AccessDenied')
    expect(xmlField(changed.text, 'Message')).toBe("Condition key key doesn't match the value uploads/other.jpg")
    expectCode(await post(policyFields('private/a.jpg', { keyPrefix: 'uploads/' }), Buffer.from('x')), 403, 'AccessDenied')
    expectCode(await post(policyFields('uploads/b.jpg', { contentTypePrefix: 'image/' }, { 'Content-Type': 'text/html' }), Buffer.from('x')), 403, 'AccessDenied')
    expectCode(await post(policyFields('uploads/b.jpg', { contentTypePrefix: 'image/' }), Buffer.from('x')), 403, 'AccessDenied')
    const otherBucket = policyFields('uploads/c.jpg', { bucket: LEGACY_BUCKET })
    expectCode(await post(otherBucket, Buffer.from('x')), 403, 'AccessDenied')
  })

  it('refuses an expired policy, a KeyTime outside the window and mismatching q-* fields', async () => {
    const expired = await post(policyFields('uploads/e.jpg', { expiration: new Date(emulator.now() - 1000) }), Buffer.from('x'))
    expectCode(expired, 403, 'AccessDenied')
    expect(xmlField(expired.text, 'Message')).toMatch(/^You post object request has been expired, expiration time: \d+ but the time now : \d+$/)

    const fields = policyFields('uploads/q.jpg')
    expectCode(await post({ ...fields, 'q-ak': 'AKIDunknown' }, Buffer.from('x')), 403, 'InvalidAccessKeyId')
    const otherTime = await post({ ...fields, 'q-key-time': keyTimeAround(emulator, 30, 30) }, Buffer.from('x'))
    expectCode(otherTime, 403, 'AccessDenied')
    expect(xmlField(otherTime.text, 'Message')).toMatch(/^Condition key q-sign-time/)

    const now = Math.floor(emulator.now() / 1000)
    const keyTime = `${now - 100};${now - 10}`
    const policy = buildPostPolicy({ bucket: BUCKET, expiration: new Date(emulator.now() + 60000), secretId: emulator.rootKey.secretId, keyTime })
    const signed = signPostPolicy({ ...emulator.rootKey, keyTime, policy })
    const late = await post(policyPostFields({ key: 'uploads/late.jpg', secretId: emulator.rootKey.secretId, keyTime, signed }), Buffer.from('x'))
    expectCode(late, 403, 'AccessDenied')
    expect(xmlField(late.text, 'Message')).toBe('Request has expired')
  })

  it('answers SignatureDoesNotMatch for a wrong secret or a policy changed after signing', async () => {
    const keyTime = keyTimeAround(emulator)
    const policy = buildPostPolicy({ bucket: BUCKET, expiration: new Date(emulator.now() + 60000), secretId: emulator.rootKey.secretId, keyTime })
    const wrong = signPostPolicy({ secretId: emulator.rootKey.secretId, secretKey: 'wrong', keyTime, policy })
    const answer = await post(policyPostFields({ key: 'uploads/w.jpg', secretId: emulator.rootKey.secretId, keyTime, signed: wrong }), Buffer.from('x'))
    expectCode(answer, 403, 'SignatureDoesNotMatch')
    expect(xmlField(answer.text, 'FormatString')).toBe(policy)
    expect(xmlField(answer.text, 'StringToSign')).toBe(createHash('sha1').update(policy).digest('hex'))

    const fields = policyFields('uploads/w.jpg')
    const loosened = Buffer.from(Buffer.from(fields.policy, 'base64').toString().replace('"conditions":[', '"conditions":[ ')).toString('base64')
    expectCode(await post({ ...fields, policy: loosened }, Buffer.from('x')), 403, 'SignatureDoesNotMatch')
  })

  it('refuses a q-sign-algorithm other than sha1, in the policy or in the form as well', async () => {
    expect((await post(handSignedFields('uploads/alg.jpg', (required) => required), Buffer.from('x'))).status).toBe(204)
    const sha256 = (required: Record<string, string>) => ({ ...required, 'q-sign-algorithm': 'sha256' })
    const inPolicy = await post(handSignedFields('uploads/alg1.jpg', sha256), Buffer.from('x'))
    expectCode(inPolicy, 403, 'AccessDenied')
    expect(xmlField(inPolicy.text, 'Message')).toBe("Condition key q-sign-algorithm doesn't match the value sha1")
    const inBoth = await post(handSignedFields('uploads/alg2.jpg', sha256, 'sha256'), Buffer.from('x'))
    expectCode(inBoth, 403, 'AccessDenied')
    expect(xmlField(inBoth.text, 'Message')).toBe("Condition key q-sign-algorithm doesn't match the value sha256")
    expect(diagnoseCosError(403, parseCosError(inBoth.text)!).code).toBe('policy-condition-mismatch')
    expect(await emulator.readObject(BUCKET, 'uploads/alg1.jpg')).toBeUndefined()
    expect(await emulator.readObject(BUCKET, 'uploads/alg2.jpg')).toBeUndefined()
  })

  it.each(['q-sign-algorithm', 'q-ak', 'q-sign-time'])('refuses a policy without the %s condition with InvalidPolicyDocument', async (name) => {
    const withoutIt = (required: Record<string, string>) => Object.fromEntries(Object.entries(required).filter(([field]) => field !== name))
    const answer = await post(handSignedFields('uploads/missing.jpg', withoutIt), Buffer.from('x'))
    expectCode(answer, 400, 'InvalidPolicyDocument')
    expect(xmlField(answer.text, 'Message')).toBe(`Invalid Policy: the policy must carry a ${name} condition.`)
    expect(await emulator.readObject(BUCKET, 'uploads/missing.jpg')).toBeUndefined()
  })

  it('refuses a policy without conditions or that is not JSON with InvalidPolicyDocument', async () => {
    const fields = policyFields('uploads/i.jpg')
    const empty = Buffer.from(JSON.stringify({ expiration: new Date(emulator.now() + 60000).toISOString(), conditions: [] })).toString('base64')
    expectCode(await post({ ...fields, policy: empty }, Buffer.from('x')), 400, 'InvalidPolicyDocument')
    expectCode(await post({ ...fields, policy: Buffer.from('{oops').toString('base64') }, Buffer.from('x')), 400, 'InvalidPolicyDocument')
  })

  it('applies temporary-key scopes: PostObject must be allowed and the key inside allowPrefix', async () => {
    const issue = (actions: string[]) => {
      const { tmpSecretId, tmpSecretKey, sessionToken } = emulator.issueTemporaryKey({ actions, allowPrefix: ['uploads/'] }).credentials
      return { secretId: tmpSecretId, secretKey: tmpSecretKey, sessionToken }
    }
    const allowed = issue(['name/cos:PostObject'])
    expect((await post(policyFields('uploads/tmp.jpg', {}, {}, allowed), Buffer.from('t'))).status).toBe(204)
    expectCode(await post(policyFields('other/tmp.jpg', {}, {}, allowed), Buffer.from('t')), 403, 'AccessDenied')
    expectCode(await post(policyFields('uploads/tmp2.jpg', {}, {}, issue(['name/cos:GetObject'])), Buffer.from('t')), 403, 'AccessDenied')
    const noToken = policyFields('uploads/tmp3.jpg', {}, {}, allowed)
    delete noToken['x-cos-security-token']
    expectCode(await post(noToken, Buffer.from('t')), 403, 'InvalidAccessKeyId')
  })
})

describe('PostObject, legacy Signature form (cos-wx-sdk-v5)', () => {
  it('accepts the Authorization for POST / in the Signature field, virtual-hosted and path style', async () => {
    const endpoint = resolveEndpoint({ bucket: BUCKET, region: emulator.region, endpoint: `http://{bucket}.cos.{region}.localhost:${emulator.port}` })
    const fields = legacyPostFields({ credentials: emulator.rootKey, endpoint, key: 'legacy/a.jpg', keyTime: keyTimeAround(emulator) })
    expect((await post(fields, Buffer.from('legacy'))).status).toBe(204)
    expect((await emulator.readObject(BUCKET, 'legacy/a.jpg'))?.toString()).toBe('legacy')

    const legacy = resolveEndpoint({ bucket: LEGACY_BUCKET, region: emulator.region, forcePathStyle: true, endpoint: `http://127.0.0.1:${emulator.port}` })
    const pathFields = legacyPostFields({ credentials: emulator.rootKey, endpoint: legacy, key: 'legacy/b.jpg', keyTime: keyTimeAround(emulator) })
    expect((await post(pathFields, Buffer.from('path'), undefined, legacy.host, `/${LEGACY_BUCKET}/`)).status).toBe(204)
    expect((await emulator.readObject(LEGACY_BUCKET, 'legacy/b.jpg'))?.toString()).toBe('path')

    const wrongHost = await post(fields, Buffer.from('legacy'), undefined, `${BUCKET}.cos.${emulator.region}.example.com`)
    expectCode(wrongHost, 403, 'SignatureDoesNotMatch')
    expect(xmlField(wrongHost.text, 'FormatString')).toBe(`post\n/\n\nhost=${BUCKET}.cos.${emulator.region}.example.com\n`)
  })

  it('answers AccessDenied for a form with neither policy nor Signature', async () => {
    expectCode(await post({ key: 'legacy/none.jpg' }, Buffer.from('x')), 403, 'AccessDenied')
  })
})

describe('malformed forms', () => {
  const raw = (body: string, contentType = 'multipart/form-data; boundary=XX') =>
    send(emulator.url, { method: 'POST', path: '/', headers: { host: virtualHost(emulator), 'content-type': contentType }, body })

  it('answers MalformedPOSTRequest for a missing boundary, a truncated body or a broken part header', async () => {
    expectCode(await raw('whatever', 'multipart/form-data'), 400, 'MalformedPOSTRequest')
    expectCode(await raw('--XX\r\nContent-Disposition: form-data; name="key"\r\n\r\nuploads/a'), 400, 'MalformedPOSTRequest')
    expectCode(await raw('--XX\r\nno colon here\r\n\r\nx\r\n--XX--\r\n'), 400, 'MalformedPOSTRequest')
    expectCode(await raw('--XX\r\nContent-Disposition: attachment\r\n\r\nx\r\n--XX--\r\n'), 400, 'MalformedPOSTRequest')
  })

  it('refuses a form without a file part', async () => {
    expectCode(await raw('--XX\r\nContent-Disposition: form-data; name="key"\r\n\r\nuploads/a\r\n--XX--\r\n'), 400, 'InvalidArgument')
  })

  it('parses a form that arrives in pieces of 1 to 7 bytes', async () => {
    const file = Buffer.from('\r\n--\r\n' + 'tiny pieces '.repeat(20))
    const form = multipart(policyFields('uploads/pieces.bin'), file)
    const answer = await new Promise<number>((resolve, reject) => {
      const socket = connect(emulator.port, '127.0.0.1', async () => {
        socket.setNoDelay(true)
        socket.write(`POST / HTTP/1.1\r\nHost: ${virtualHost(emulator)}\r\nContent-Type: ${form.contentType}\r\n` +
          `Content-Length: ${form.body.length}\r\nConnection: close\r\n\r\n`)
        for (let at = 0, size = 1; at < form.body.length; at += size, size = (size % 7) + 1) {
          socket.write(form.body.subarray(at, at + size))
          await new Promise((next) => setImmediate(next))
        }
      })
      let reply = ''
      socket.on('data', (chunk) => (reply += chunk))
      socket.on('end', () => resolve(Number(reply.split(' ')[1])))
      socket.on('error', reject)
    })
    expect(answer).toBe(204)
    expect(await emulator.readObject(BUCKET, 'uploads/pieces.bin')).toEqual(file)
  })

  it('stores a file whose bytes contain boundary-like sequences intact', async () => {
    const form = multipart(policyFields('uploads/tricky.bin'), Buffer.alloc(0))
    const boundary = /boundary=(.+)$/.exec(form.contentType)![1]
    const tricky = Buffer.concat([Buffer.from(`\r\n--${boundary.slice(0, -1)}x\r\n--\r\n`), randomBytes(70000), Buffer.from('\r\n-')])
    const body = multipart(policyFields('uploads/tricky.bin'), tricky)
    const answer = await send(emulator.url, { method: 'POST', path: '/', headers: { host: virtualHost(emulator), 'content-type': body.contentType }, body: body.body })
    expect(answer.status).toBe(204)
    expect(await emulator.readObject(BUCKET, 'uploads/tricky.bin')).toEqual(tricky)
  })
})
