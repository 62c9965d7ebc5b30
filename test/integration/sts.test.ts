// The STS service over real HTTP, in emulator mode: the answer's shape, keys the emulator honours within
// their scope only, presets, and the guards (authorize hook, CORS allowlist, rate limit, clear 4xx).
import { startEmulator, type RunningEmulator } from '../../server/emulator'
import { startSts, type RunningSts, type StsOptions } from '../../server/sts'
import { BUCKET, keyPath, keyTimeAround, send, signedHeaders, virtualHost, xmlField } from '../server/http'

let emulator: RunningEmulator
const services: RunningSts[] = []

beforeAll(async () => {
  emulator = await startEmulator({ quiet: true })
})
afterAll(async () => {
  await Promise.all(services.map((service) => service.close()))
  await emulator.close()
})

async function sts(options: StsOptions = {}): Promise<RunningSts> {
  const service = await startSts({ emulator, quiet: true, ...options })
  services.push(service)
  return service
}

interface StsAnswer {
  credentials: { tmpSecretId: string; tmpSecretKey: string; sessionToken: string }
  startTime: number
  expiredTime: number
}

async function fetchKey(service: RunningSts, path = '/sts', init: RequestInit = {}): Promise<StsAnswer> {
  const response = await fetch(service.url + path, init)
  expect(response.status).toBe(200)
  return (await response.json()) as StsAnswer
}

function putWith(answer: StsAnswer, key: string) {
  const { tmpSecretId, tmpSecretKey, sessionToken } = answer.credentials
  const host = virtualHost(emulator)
  const headers = signedHeaders({
    credentials: { secretId: tmpSecretId, secretKey: tmpSecretKey, sessionToken }, method: 'PUT', pathname: '/' + key,
    keyTime: `${answer.startTime};${answer.expiredTime}`, headers: { host, 'content-length': '2' },
  })
  return send(emulator.url, { method: 'PUT', path: keyPath(key), headers, body: 'ok' })
}

describe('GET /sts', () => {
  it("answers Tencent's sample shape, on the emulator's clock, and counts fetches", async () => {
    const service = await sts({ ttlSeconds: 900 })
    const answer = await fetchKey(service)
    expect(Object.keys(answer.credentials).sort()).toEqual(['sessionToken', 'tmpSecretId', 'tmpSecretKey'])
    expect(answer.expiredTime - answer.startTime).toBe(900)
    expect(Math.abs(answer.startTime - Math.floor(emulator.now() / 1000))).toBeLessThanOrEqual(2)
    expect(answer.credentials.tmpSecretId).not.toBe(emulator.rootKey.secretId)
    expect(JSON.stringify(answer)).not.toContain(emulator.rootKey.secretKey)
    expect(service.fetchCount()).toBe(1)
  })

  it('mints keys the emulator honours inside the scope only: prefix and actions', async () => {
    const service = await sts({ scope: { actions: ['name/cos:PutObject'], allowPrefix: ['uploads/'] } })
    const answer = await fetchKey(service)
    expect((await putWith(answer, 'uploads/sts.txt')).status).toBe(200)
    const outside = await putWith(answer, 'elsewhere/sts.txt')
    expect({ status: outside.status, code: xmlField(outside.text, 'Code') }).toEqual({ status: 403, code: 'AccessDenied' })

    const { tmpSecretId, tmpSecretKey, sessionToken } = answer.credentials
    const host = virtualHost(emulator)
    const get = await send(emulator.url, { path: '/uploads/sts.txt', headers: signedHeaders({
      credentials: { secretId: tmpSecretId, secretKey: tmpSecretKey, sessionToken }, method: 'GET', pathname: '/uploads/sts.txt',
      keyTime: keyTimeAround(emulator), headers: { host } }) })
    expect({ status: get.status, code: xmlField(get.text, 'Code') }).toEqual({ status: 403, code: 'AccessDenied' })

    service.setScope({ actions: ['name/cos:PutObject'], allowPrefix: ['elsewhere/'] })
    expect((await putWith(await fetchKey(service), 'elsewhere/sts.txt')).status).toBe(200)
    expect(() => service.setScope({ actions: ['name/cos:Everything'], allowPrefix: ['x/'] })).toThrow(/action 1 is not a known action/)
  })

  it('serves named presets by POST body or query, and refuses unknown ones', async () => {
    const service = await sts({ presets: {
      'other-prefix': { scope: { actions: ['name/cos:PutObject'], allowPrefix: ['other/'] } },
      expired: { startOffsetSeconds: -7200, ttlSeconds: 600 },
    } })
    const other = await fetchKey(service, '/sts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scope: 'other-prefix' }) })
    expect((await putWith(other, 'other/p.txt')).status).toBe(200)
    expect((await putWith(other, 'uploads/p.txt')).status).toBe(403)
    const expired = await fetchKey(service, '/sts?scope=expired')
    expect(expired.expiredTime).toBeLessThan(Math.floor(emulator.now() / 1000))
    const refused = await putWith(expired, 'uploads/p.txt')
    expect({ status: refused.status, message: xmlField(refused.text, 'Message') }).toEqual({ status: 403, message: 'Request has expired' })
    const unknown = await fetch(service.url + '/sts?scope=nope')
    expect(unknown.status).toBe(400)
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('unknown-scope')
  })
})

describe('GET /bucket', () => {
  it("answers where to upload: the bucket, the region and this emulator's address as an endpoint template", async () => {
    const service = await sts()
    const response = await fetch(service.url + '/bucket')
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({
      bucket: 'examplebucket-1250000000', region: emulator.region, endpoint: `http://{bucket}.cos.{region}.localhost:${emulator.port}`,
    })
    expect(service.fetchCount()).toBe(0)
  })
})

describe('guards', () => {
  it('asks the authorize hook and answers 401 when it refuses', async () => {
    const service = await sts({ authorize: (req) => req.headers.authorization === 'Bearer user-1' })
    expect((await fetch(service.url + '/sts')).status).toBe(401)
    expect((await fetch(service.url + '/sts', { headers: { authorization: 'Bearer user-1' } })).status).toBe(200)
    expect(service.fetchCount()).toBe(1)
  })

  it('refuses to listen beyond loopback without authentication, saying CORS is not authentication', async () => {
    for (const host of ['0.0.0.0', '::', '192.0.2.10']) {
      await expect(sts({ host, corsOrigins: ['https://app.example'] })).rejects.toThrow(/beyond loopback only with authentication.*CORS is not authentication/)
    }
  })

  it('beyond loopback with a bearer token: no token, a wrong one, or only an allowed Origin gets 401; the token gets keys', async () => {
    const token = 'a-long-shared-secret-0123456789'
    const service = await sts({ host: '0.0.0.0', authToken: token, corsOrigins: ['https://app.example'] })
    const url = `http://127.0.0.1:${service.port}`
    const statusOf = async (headers: Record<string, string>, path = '/sts', method = 'GET') => (await fetch(url + path, { method, headers })).status
    const refused = await fetch(url + '/sts')
    expect({ status: refused.status, challenge: refused.headers.get('www-authenticate') }).toEqual({ status: 401, challenge: 'Bearer' })
    // A mini program sends no Origin, and anything outside a browser sends the Origin it likes.
    expect(await statusOf({ origin: 'https://app.example' })).toBe(401)
    expect(await statusOf({ authorization: 'Bearer wrong-token-0123456789' })).toBe(401)
    expect(await statusOf({ authorization: token })).toBe(401)
    expect(await statusOf({ authorization: `Bearer ${token}` }, '/post-policy', 'GET')).toBe(405)
    expect(await statusOf({ authorization: `Bearer ${token}` })).toBe(200)
    expect(await statusOf({ authorization: `bearer ${token}`, origin: 'https://app.example' })).toBe(200)
    // A CORS preflight can't carry credentials: it is answered, and grants nothing.
    expect(await statusOf({ origin: 'https://app.example', 'access-control-request-method': 'GET' }, '/sts', 'OPTIONS')).toBe(204)
    expect(service.fetchCount()).toBe(2)
  })

  it('with a token and an authorize hook, a request needs both', async () => {
    const token = 'a-long-shared-secret-0123456789'
    const service = await sts({ host: '0.0.0.0', authToken: token, authorize: (req) => req.headers['x-user'] === 'u-1' })
    const statusOf = async (headers: Record<string, string>) => (await fetch(`http://127.0.0.1:${service.port}/sts`, { headers })).status
    expect(await statusOf({ authorization: `Bearer ${token}` })).toBe(401)
    expect(await statusOf({ 'x-user': 'u-1' })).toBe(401)
    expect(await statusOf({ authorization: `Bearer ${token}`, 'x-user': 'u-1' })).toBe(200)
  })

  it('answers allowed origins with CORS headers and refuses others with 403', async () => {
    const service = await sts({ corsOrigins: ['http://127.0.0.1:10086'] })
    const allowed = await fetch(service.url + '/sts', { headers: { origin: 'http://127.0.0.1:10086' } })
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:10086')
    const preflight = await fetch(service.url + '/post-policy', { method: 'OPTIONS', headers: {
      origin: 'http://127.0.0.1:10086', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type')
    const refused = await fetch(service.url + '/sts', { headers: { origin: 'http://evil.example' } })
    expect(refused.status).toBe(403)
    expect(refused.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('rate-limits each client with 429 and Retry-After', async () => {
    const service = await sts({ rateLimitPerMinute: 3 })
    const statuses = []
    for (let i = 0; i < 5; i++) statuses.push((await fetch(service.url + '/sts')).status)
    expect(statuses).toEqual([200, 200, 200, 429, 429])
    const limited = await fetch(service.url + '/sts')
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
  })

  it('never quotes the request in an error', async () => {
    const service = await sts({ presets: { known: {} } })
    const SECRET = 'SeCrEtK3yZq9'
    const bodies = [`{"key": ${SECRET}}`, JSON.stringify({ key: `/${SECRET}`, size: 1 }), JSON.stringify({ key: 'uploads/a', size: SECRET }),
      JSON.stringify({ key: 'uploads/a', size: 1, contentType: SECRET }), JSON.stringify({ key: `other/${SECRET}`, size: 1 })]
    for (const body of bodies) {
      const text = await (await fetch(service.url + '/post-policy', { method: 'POST', body })).text()
      expect({ body, quoted: text.includes(SECRET.slice(2, 8)) }).toEqual({ body, quoted: false })
    }
    const preset = await (await fetch(service.url + `/sts?scope=${SECRET}`)).text()
    expect(preset).not.toContain(SECRET.slice(2, 8))
  })

  it('answers clear 4xx JSON errors for unknown paths, wrong methods and bad bodies', async () => {
    const service = await sts()
    const errorOf = async (response: Response) => ({ status: response.status, code: ((await response.json()) as { error: { code: string } }).error.code })
    expect(await errorOf(await fetch(service.url + '/nope'))).toEqual({ status: 404, code: 'not-found' })
    expect(await errorOf(await fetch(service.url + '/post-policy'))).toEqual({ status: 405, code: 'method-not-allowed' })
    expect(await errorOf(await fetch(service.url + '/post-policy', { method: 'POST', body: '{oops' }))).toEqual({ status: 400, code: 'bad-json' })
    expect(await errorOf(await fetch(service.url + '/post-policy', { method: 'POST', body: '{"key":"uploads/a.jpg","size":-1}' })))
      .toEqual({ status: 400, code: 'bad-request' })
    expect(await errorOf(await fetch(service.url + '/post-policy', { method: 'POST', body: 'x'.repeat(20000) }))).toEqual({ status: 413, code: 'body-too-large' })
  })

  it('never puts a secret in a response or a log line', async () => {
    const lines: string[] = []
    const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk))
      return true
    })
    try {
      const service = await sts({ quiet: false })
      const answer = await fetchKey(service)
      const policy = await (await fetch(service.url + '/post-policy', { method: 'POST', body: JSON.stringify({ key: 'uploads/s.jpg', size: 3 }) })).text()
      expect(policy).not.toContain(answer.credentials.tmpSecretKey)
      expect(policy).not.toContain(emulator.rootKey.secretKey)
      expect(lines.join('')).toMatch(/no authentication: anyone on this machine gets keys/)
      expect(lines.join('')).not.toContain(emulator.rootKey.secretKey)
      expect(lines.join('')).not.toContain(answer.credentials.tmpSecretKey)
    } finally {
      write.mockRestore()
    }
  })
})

it('mints keys a separate emulator process honours when it shares the root key (no shared state)', async () => {
  const service = await sts({ emulator: undefined, rootKey: emulator.rootKey })
  const answer = await fetchKey(service)
  expect((await putWith(answer, 'uploads/standalone.txt')).status).toBe(403)
  service.setScope({ actions: ['name/cos:PutObject'], allowPrefix: ['uploads/'] })
  expect((await putWith(await fetchKey(service), 'uploads/standalone.txt')).status).toBe(200)
  expect((await emulator.readObject(BUCKET, 'uploads/standalone.txt'))?.toString()).toBe('ok')
})
