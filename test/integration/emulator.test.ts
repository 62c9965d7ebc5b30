// The emulator over real HTTP: addressing, PUT/GET/HEAD/DELETE, Range, query authorization, temporary keys
// and every signature / key / scope error, each checked for COS's XML shape.
import { createHash } from 'node:crypto'
import { startEmulator, type RunningEmulator } from '../../server/emulator'
import { signRequestDetailed } from '../../src/lib/core/sign'
import {
  BUCKET, keyPath, keyTimeAround, LEGACY_BUCKET, send, signedHeaders, virtualHost, xmlField, type Credentials, type HttpAnswer,
} from '../server/http'

let emulator: RunningEmulator

beforeAll(async () => {
  emulator = await startEmulator({
    quiet: true,
    buckets: [BUCKET, { name: LEGACY_BUCKET, pathStyle: true }, { name: 'publicbucket-1250000000', publicRead: true }],
  })
})
afterAll(() => emulator.close())

const root = (): Credentials => emulator.rootKey

function put(key: string, body: Buffer | string, credentials = root(), extra: Record<string, string> = {}): Promise<HttpAnswer> {
  const host = virtualHost(emulator)
  const headers = signedHeaders({
    credentials, method: 'PUT', pathname: '/' + key, keyTime: keyTimeAround(emulator),
    headers: { host, 'content-length': String(Buffer.byteLength(body)), ...extra },
  })
  return send(emulator.url, { method: 'PUT', path: keyPath(key), headers, body })
}

function read(method: 'GET' | 'HEAD' | 'DELETE', key: string, credentials = root(), extra: Record<string, string> = {}): Promise<HttpAnswer> {
  const host = virtualHost(emulator)
  const headers = signedHeaders({ credentials, method, pathname: '/' + key, keyTime: keyTimeAround(emulator), headers: { host, ...extra } })
  return send(emulator.url, { method, path: keyPath(key), headers })
}

function expectCosError(answer: HttpAnswer, status: number, code: string): void {
  expect({ status: answer.status, code: xmlField(answer.text, 'Code') }).toEqual({ status, code })
  expect(answer.headers['content-type']).toBe('application/xml')
  expect(xmlField(answer.text, 'RequestId')).toBe(answer.headers['x-cos-request-id'])
  expect(xmlField(answer.text, 'TraceId')).toMatch(/\S+/)
  expect(xmlField(answer.text, 'Resource')).toMatch(/\S+/)
  expect(xmlField(answer.text, 'Message')).toMatch(/\S+/)
}

describe('object requests', () => {
  it('PUT stores the bytes; GET, HEAD and Range answer them with COS headers; DELETE removes them', async () => {
    const body = Buffer.from('0123456789abcdef')
    const stored = await put('docs/a b+c(1).txt', body, root(), { 'content-type': 'text/plain', 'x-cos-meta-owner': 'zhang' })
    expect(stored.status).toBe(200)
    const md5 = `"${createHash('md5').update(body).digest('hex')}"`
    expect(stored.headers.etag).toBe(md5)
    expect(await emulator.readObject(BUCKET, 'docs/a b+c(1).txt')).toEqual(body)

    const got = await read('GET', 'docs/a b+c(1).txt')
    expect(got.status).toBe(200)
    expect(got.body).toEqual(body)
    expect(got.headers).toMatchObject({ etag: md5, 'content-type': 'text/plain', 'x-cos-meta-owner': 'zhang', 'content-length': '16' })

    const head = await read('HEAD', 'docs/a b+c(1).txt')
    expect(head.status).toBe(200)
    expect(head.body.length).toBe(0)
    expect(head.headers['content-length']).toBe('16')

    const range = await read('GET', 'docs/a b+c(1).txt', root(), { range: 'bytes=2-5' })
    expect(range.status).toBe(206)
    expect(range.text).toBe('2345')
    expect(range.headers['content-range']).toBe('bytes 2-5/16')
    const suffix = await read('GET', 'docs/a b+c(1).txt', root(), { range: 'bytes=-3' })
    expect(suffix.text).toBe('def')
    expectCosError(await read('GET', 'docs/a b+c(1).txt', root(), { range: 'bytes=40-' }), 416, 'InvalidRange')

    expect((await read('DELETE', 'docs/a b+c(1).txt')).status).toBe(204)
    expectCosError(await read('GET', 'docs/a b+c(1).txt'), 404, 'NoSuchKey')
    expect(await emulator.readObject(BUCKET, 'docs/a b+c(1).txt')).toBeUndefined()
  })

  it('every answer carries Date and x-cos-request-id', async () => {
    const answer = await read('GET', 'missing.txt')
    expect(new Date(answer.headers.date as string).getTime()).not.toBeNaN()
    expect(answer.headers['x-cos-request-id']).toMatch(/\S{16,}/)
  })

  it('accepts an absolute-form request target with the real COS host name, as a proxy receives it', async () => {
    await put('proxy/x.txt', 'via proxy')
    const host = `${BUCKET}.cos.${emulator.region}.myqcloud.com`
    const headers = signedHeaders({ credentials: root(), method: 'GET', pathname: '/proxy/x.txt', keyTime: keyTimeAround(emulator), headers: { host } })
    const answer = await send(emulator.url, { path: `http://${host}/proxy/x.txt`, headers })
    expect(answer.status).toBe(200)
    expect(answer.text).toBe('via proxy')
  })

  it('signs by URL query too, with x-cos-security-token, as getObjectUrl does', async () => {
    await put('uploads/q.txt', 'query signed')
    const temporary = emulator.issueTemporaryKey({ actions: ['name/cos:GetObject'], allowPrefix: ['uploads/'] })
    const host = virtualHost(emulator)
    const { tmpSecretId, tmpSecretKey, sessionToken } = temporary.credentials
    const signed = signRequestDetailed({ secretId: tmpSecretId, secretKey: tmpSecretKey, method: 'GET', pathname: '/uploads/q.txt',
      headers: { host }, keyTime: `${temporary.startTime};${temporary.expiredTime}` })
    const query = signed.authorization.split('&').map((pair) => {
      const eq = pair.indexOf('=')
      return pair.slice(0, eq) + '=' + encodeURIComponent(pair.slice(eq + 1))
    }).join('&') + '&x-cos-security-token=' + encodeURIComponent(sessionToken)
    const answer = await send(emulator.url, { path: '/uploads/q.txt?' + query, headers: { host } })
    expect(answer.status).toBe(200)
    expect(answer.text).toBe('query signed')
    const tampered = await send(emulator.url, { path: '/uploads/q.txt?' + query.replace(/q-signature=(\w)/, (_, c: string) => `q-signature=${c === '0' ? '1' : '0'}`), headers: { host } })
    expectCosError(tampered, 403, 'SignatureDoesNotMatch')
  })

  it('serves a public-read bucket without a signature, and refuses anonymous reads elsewhere', async () => {
    const host = virtualHost(emulator, 'publicbucket-1250000000')
    const headers = signedHeaders({ credentials: root(), method: 'PUT', pathname: '/p.txt', keyTime: keyTimeAround(emulator),
      headers: { host, 'content-length': '6' } })
    expect((await send(emulator.url, { method: 'PUT', path: '/p.txt', headers, body: 'public' })).status).toBe(200)
    const anonymous = await send(emulator.url, { path: '/p.txt', headers: { host } })
    expect(anonymous.text).toBe('public')
    expectCosError(await send(emulator.url, { method: 'PUT', path: '/p.txt', headers: { host }, body: 'x' }), 403, 'AccessDenied')
    expectCosError(await send(emulator.url, { path: '/p.txt', headers: { host: virtualHost(emulator) } }), 403, 'AccessDenied')
  })
})

describe('addressing', () => {
  it('refuses path style for a bucket created after 2024-01-01 and accepts it for an older one', async () => {
    const host = `127.0.0.1:${emulator.port}`
    const forbidden = await send(emulator.url, { path: `/${BUCKET}/a.txt`, headers: { host } })
    expectCosError(forbidden, 403, 'PathStyleDomainForbidden')

    const headers = signedHeaders({ credentials: root(), method: 'PUT', pathname: `/${LEGACY_BUCKET}/old.txt`, keyTime: keyTimeAround(emulator),
      headers: { host, 'content-length': '3' } })
    expect((await send(emulator.url, { method: 'PUT', path: `/${LEGACY_BUCKET}/old.txt`, headers, body: 'old' })).status).toBe(200)
    expect((await emulator.readObject(LEGACY_BUCKET, 'old.txt'))?.toString()).toBe('old')
  })

  it('answers NoSuchBucket for an unknown bucket, virtual-hosted, path style, or in another region', async () => {
    expectCosError(await send(emulator.url, { path: '/a.txt', headers: { host: virtualHost(emulator, 'nobucket-1250000000') } }), 404, 'NoSuchBucket')
    expectCosError(await send(emulator.url, { path: '/nobucket-1250000000/a.txt', headers: { host: `127.0.0.1:${emulator.port}` } }), 404, 'NoSuchBucket')
    expectCosError(await send(emulator.url, { path: '/a.txt', headers: { host: `${BUCKET}.cos.ap-beijing.localhost` } }), 404, 'NoSuchBucket')
  })

  it('answers HEAD on the bucket for a signed request only', async () => {
    expect((await read('HEAD', '')).status).toBe(200)
    expect((await send(emulator.url, { method: 'HEAD', path: '/', headers: { host: virtualHost(emulator) } })).status).toBe(403)
  })

  it('answers an OPTIONS preflight exposing ETag, Date, x-cos-request-id and Content-Length', async () => {
    const answer = await send(emulator.url, { method: 'OPTIONS', path: '/', headers: {
      host: virtualHost(emulator), origin: 'http://127.0.0.1:10086', 'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type,x-cos-security-token' } })
    expect(answer.status).toBe(200)
    expect(answer.headers['access-control-allow-origin']).toBe('http://127.0.0.1:10086')
    expect(answer.headers['access-control-allow-methods']).toContain('POST')
    expect(answer.headers['access-control-allow-headers']).toBe('content-type,x-cos-security-token')
    const exposed = String(answer.headers['access-control-expose-headers']).split(/,\s*/)
    expect(exposed).toEqual(expect.arrayContaining(['ETag', 'Date', 'x-cos-request-id', 'Content-Length']))
  })
})

describe('signature strictness', () => {
  it('answers SignatureDoesNotMatch with the server StringToSign and FormatString for a wrong secret', async () => {
    const answer = await put('sig/a.txt', 'x', { secretId: emulator.rootKey.secretId, secretKey: 'not-the-secret' })
    expectCosError(answer, 403, 'SignatureDoesNotMatch')
    expect(xmlField(answer.text, 'FormatString')).toBe(`put\n/sig/a.txt\n\ncontent-length=1&host=${encodeURIComponent(virtualHost(emulator))}\n`)
    expect(xmlField(answer.text, 'StringToSign')).toMatch(/^sha1\n\d+;\d+\n[0-9a-f]{40}\n$/)
  })

  it('recomputes from the request itself: a signed header changed in flight no longer matches', async () => {
    const host = virtualHost(emulator)
    const headers = signedHeaders({ credentials: root(), method: 'PUT', pathname: '/sig/b.txt', keyTime: keyTimeAround(emulator),
      headers: { host, 'content-length': '1', 'x-cos-meta-a': 'one' } })
    const answer = await send(emulator.url, { method: 'PUT', path: '/sig/b.txt', headers: { ...headers, 'x-cos-meta-a': 'two' }, body: 'x' })
    expectCosError(answer, 403, 'SignatureDoesNotMatch')
  })

  it('answers InvalidAccessKeyId for an unknown SecretId', async () => {
    expectCosError(await put('sig/c.txt', 'x', { secretId: 'AKIDunknown', secretKey: emulator.rootKey.secretKey }), 403, 'InvalidAccessKeyId')
  })

  it('answers AccessDenied "Request has expired" outside the KeyTime window', async () => {
    const host = virtualHost(emulator)
    const now = Math.floor(emulator.now() / 1000)
    for (const keyTime of [`${now - 1000};${now - 100}`, `${now + 100};${now + 1000}`]) {
      const headers = signedHeaders({ credentials: root(), method: 'GET', pathname: '/x.txt', keyTime, headers: { host } })
      const answer = await send(emulator.url, { path: '/x.txt', headers })
      expectCosError(answer, 403, 'AccessDenied')
      expect(xmlField(answer.text, 'Message')).toBe('Request has expired')
    }
  })

  it('answers AccessDenied for a request without any signature', async () => {
    expectCosError(await send(emulator.url, { method: 'DELETE', path: '/x.txt', headers: { host: virtualHost(emulator) } }), 403, 'AccessDenied')
  })
})

describe('temporary keys', () => {
  it('allow what the scope allows, and refuse other prefixes, other actions, a wrong token and an expired key', async () => {
    const temporary = emulator.issueTemporaryKey({ actions: ['name/cos:PutObject', 'name/cos:GetObject'], allowPrefix: ['uploads/'] })
    const credentials = { secretId: temporary.credentials.tmpSecretId, secretKey: temporary.credentials.tmpSecretKey,
      sessionToken: temporary.credentials.sessionToken }
    expect((await put('uploads/t.txt', 'temp', credentials)).status).toBe(200)
    expect((await read('GET', 'uploads/t.txt', credentials)).text).toBe('temp')

    const outside = await put('private/t.txt', 'temp', credentials)
    expectCosError(outside, 403, 'AccessDenied')
    expect(xmlField(outside.text, 'Message')).toBe('Access Denied.')
    expectCosError(await read('DELETE', 'uploads/t.txt', credentials), 403, 'AccessDenied')
    const head = await read('HEAD', 'uploads/t.txt', credentials)
    expect({ status: head.status, body: head.text }).toEqual({ status: 403, body: '' })

    const other = emulator.issueTemporaryKey({ actions: ['name/cos:*'], allowPrefix: [''] })
    expectCosError(await put('uploads/t.txt', 'x', { ...credentials, sessionToken: other.credentials.sessionToken }), 403, 'InvalidAccessKeyId')
    expectCosError(await put('uploads/t.txt', 'x', { ...credentials, sessionToken: undefined }), 403, 'InvalidAccessKeyId')
    expect(await emulator.readObject(BUCKET, 'uploads/t.txt')).toEqual(Buffer.from('temp'))
  })

  it('refuses a temporary key after its expiredTime, even with a fresh KeyTime', async () => {
    const expired = emulator.issueTemporaryKey({ actions: ['name/cos:*'], allowPrefix: [''] }, 60)
    emulator.setFaults({ clockOffsetSeconds: 120 })
    try {
      const { tmpSecretId, tmpSecretKey, sessionToken } = expired.credentials
      const answer = await put('late.txt', 'x', { secretId: tmpSecretId, secretKey: tmpSecretKey, sessionToken })
      expectCosError(answer, 400, 'ExpiredToken')
      expect(xmlField(answer.text, 'Message')).toBe('The provided token has expired.')
    } finally {
      emulator.setFaults({ clockOffsetSeconds: 0 })
    }
  })
})
