// head (FormTransport.head over Taro.request, the lost-answer check) on each host: a real signed HEAD from the fake
// host (or taro-h5's fetch under jsdom) to the local COS emulator, answered 200 with the object's size and ETag,
// or 404; status and header names normalised whatever shape the host answers in.
import { createHash, randomBytes } from 'node:crypto'
import { resolveEndpoint, getObjectUrl, objectSignPath } from '../../src/lib/core/url'
import { type HostError } from '../../src/lib/core/errors'
import { localKeyTime, signRequest } from '../../src/lib/core/sign'
import { startEmulator } from '../../server/emulator'
import type { RunningEmulator } from '../../server/emulator'
import { ADAPTERS, addPhoto, callsTo, createFakeHost, loadHost, tempPath } from '../support/fake-hosts'
import type { Adapter, FakeHostOptions, MiniHost } from '../support/fake-hosts'
import { BUCKET, LEGACY_BUCKET, signedPostForm } from '../support/fake-hosts/cos-form'
import { httpRequest } from '../support/fake-hosts/http'

// Real HTTP on a shared 2-core machine: allow for load.
jest.setTimeout(30_000)

let emulator: RunningEmulator

beforeAll(async () => {
  emulator = await startEmulator({ quiet: true, buckets: [BUCKET, { name: LEGACY_BUCKET, pathStyle: true }] })
})

afterAll(async () => {
  await emulator.close()
})

afterEach(() => emulator.setFaults({ latencyMs: 0 }))

/** `virtual`: <bucket>.cos.<region>.localhost (the fakes resolve it); `path`: 127.0.0.1/<legacy bucket> (jsdom). */
function endpointFor(addressing: 'virtual' | 'path') {
  return resolveEndpoint({
    bucket: addressing === 'path' ? LEGACY_BUCKET : BUCKET, region: emulator.region, forcePathStyle: addressing === 'path',
    endpoint: addressing === 'path' ? `http://127.0.0.1:${emulator.port}` : `http://{bucket}.cos.{region}.localhost:${emulator.port}`,
  })
}

function signedHeadUrl(key: string, addressing: 'virtual' | 'path' = 'virtual'): string {
  return getObjectUrl({ endpoint: endpointFor(addressing), key, method: 'head', credentials: emulator.rootKey, keyTime: localKeyTime(Date.now()) })
}

const md5 = (data: Buffer) => createHash('md5').update(data).digest('hex')
const failure = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected a failure') }, (e: HostError) => e)

describe.each(ADAPTERS)('%s adapter', (adapter: Adapter) => {
  /** A fake host with one photo already stored under `key` (uploaded through the host's own uploadFile). */
  async function hostWithObject(host: MiniHost, key: string, options: FakeHostOptions = {}) {
    const { api, device } = createFakeHost(host, options)
    const photo = addPhoto(device, 'photo.jpg', 30_000)
    const loaded = loadHost(host, api, adapter)
    const { url, formData } = signedPostForm(emulator, key)
    // QQ and JD uploads are unverified: opt in.
    const task = loaded.hosts.uploadForm({ url, formData, filePath: tempPath(device, 'photo.jpg') }, { allowUnverifiedHosts: true })
    expect((await task.response).statusCode).toBe(204)
    return { ...loaded, device, photo }
  }

  describe.each(['weapp', 'alipay', 'tt', 'swan', 'qq', 'jd'] as MiniHost[])('%s', (host) => {
    it('HEADs a stored object through request: status as a number, size and ETag under lower-case names', async () => {
      const key = `head/${host}/${Date.now()}.jpg`
      const { hosts, device, photo } = await hostWithObject(host, key)
      const url = signedHeadUrl(key)
      const answer = await hosts.head({ url, timeout: 10_000 })
      expect(answer.statusCode).toBe(200)
      expect(answer.headers['content-length']).toBe(String(photo.size))
      expect(answer.headers.etag).toBe(`"${md5(photo.bytes)}"`)
      expect(Object.keys(answer.headers).every((name) => name === name.toLowerCase())).toBe(true)
      expect(callsTo(device, 'request')).toEqual([expect.objectContaining({ url, method: 'HEAD', dataType: 'text', timeout: 10_000 })])
    })

    it('answers 404 for an object that is not stored (an answer, not a failure)', async () => {
      const { hosts } = await hostWithObject(host, `head/${host}/other-${Date.now()}.jpg`)
      const answer = await hosts.head({ url: signedHeadUrl(`head/${host}/missing-${Date.now()}.jpg`) })
      expect(answer.statusCode).toBe(404)
    })
  })

  describe('host shapes', () => {
    it('Alipay: my.request gets `headers`; its answer {status (a string in the IDE), headers} is normalised', async () => {
      const key = `head/alipay-shape-${Date.now()}.jpg`
      const { hosts, device, photo } = await hostWithObject('alipay', key, { profile: { stringStatusCode: true } })
      const answer = await hosts.head({ url: signedHeadUrl(key) })
      expect(answer).toMatchObject({ statusCode: 200, headers: expect.objectContaining({ 'content-length': String(photo.size) }) })
      expect(callsTo(device, 'request')[0]).toHaveProperty('headers')
      expect(callsTo(device, 'request')[0]).not.toHaveProperty('header')
    })

    it('Alipay: a 403 arrives through fail (error 19) and still resolves as the answer', async () => {
      const key = `head/alipay-403-${Date.now()}.jpg`
      const { hosts } = await hostWithObject('alipay', key)
      const tampered = signedHeadUrl(key).replace(/q-signature=(\w)/, (_, c: string) => `q-signature=${c === '0' ? '1' : '0'}`)
      expect((await hosts.head({ url: tampered })).statusCode).toBe(403)
    })
  })

  describe('failures', () => {
    it('Alipay offline: a success without a status (NervJS/taro#5378) is a failure, not an answer', async () => {
      const { api, device } = createFakeHost('alipay')
      api.request = (o: { success?: (res: unknown) => void }) => {
        device.calls.push({ api: 'request', options: o })
        setTimeout(() => o.success?.({}), 0)
        return { abort: () => undefined }
      }
      const { hosts, errors } = loadHost('alipay', api, adapter)
      const error = await failure(hosts.head({ url: signedHeadUrl('head/offline.jpg') }))
      expect(error).toBeInstanceOf(errors.HostError)
      expect(callsTo(device, 'request')).toHaveLength(1)
    })

    it.each([
      ['weapp', 'request:fail url not in domain list'],
      // Alipay's error 11: Taro passes the code on; uni passes its message on.
      ['alipay', adapter === 'taro' ? 'request:fail url not in domain list' : 'request:fail 无权跨域'],
    ] as Array<[MiniHost, string]>)('%s: COS outside the request allowlist → domain-not-allowed naming the request list', async (host, errMsg) => {
      const key = `head/${host}/not-allowed.jpg`
      const { hosts } = await hostWithObject(host, key, { device: { allowlist: { request: ['https://sts.example.com'] } } })
      const error = await failure(hosts.head({ url: signedHeadUrl(key) }))
      expect(error.errMsg).toBe(errMsg)
      expect(error.code).toBe('domain-not-allowed')
      expect(error.describe('en')).toContain(`${BUCKET}.cos.${emulator.region}.localhost:${emulator.port}`)
      expect(error.describe('en')).toContain('request')
      expect(error.diagnosis.detail).toMatchObject({ host, list: 'request' })
    })

    it('settles on its own timeout with a network error when the answer is late', async () => {
      const key = `head/late-${Date.now()}.jpg`
      const { hosts, errors } = await hostWithObject('weapp', key)
      emulator.setFaults({ latencyMs: 3000 })
      const error = await failure(hosts.head({ url: signedHeadUrl(key), timeout: 200 }))
      expect(error).toBeInstanceOf(errors.HostError)
      expect(error.kind).toBe('network')
      expect(error.retryable).toBe(true)
    })

    it('refuses a non-http(s) URL before calling the host', async () => {
      const { api, device } = createFakeHost('weapp')
      const { hosts, errors } = loadHost('weapp', api, adapter)
      expect(() => hosts.head({ url: 'wxfile://tmp/a.jpg' })).toThrow(errors.InvalidInputError)
      expect(() => hosts.head({ url: 'wxfile://tmp/a.jpg' })).toThrow(expect.objectContaining({ code: 'invalid-url' }))
      expect(callsTo(device, 'request')).toEqual([])
    })

    it('a host global without request → a HostError, not a hang', async () => {
      const { api } = createFakeHost('swan', { profile: { missing: ['request'] } })
      const { hosts, errors } = loadHost('swan', api, adapter)
      const error = await failure(hosts.head({ url: signedHeadUrl('head/x.jpg') }))
      expect(error).toBeInstanceOf(errors.HostError)
      expect(error.errMsg).toMatch(/^request:fail /)
      // Taro still defines Taro.request, which fails; uni leaves uni.request undefined: api-missing.
      if (adapter === 'taro') expect(error.diagnosis.detail).toMatchObject({ host: 'swan' })
      else expect(error.code).toBe('api-missing')
    })
  })

  describe('h5', () => {
    it('HEADs through taro-h5\'s fetch (CORS exposes Content-Length and ETag)', async () => {
      const key = `head/h5-${Date.now()}.jpg`
      const bytes = randomBytes(20_000)
      const endpoint = endpointFor('path')
      const authorization = signRequest({
        ...emulator.rootKey, method: 'put', pathname: objectSignPath(endpoint, key), headers: { host: endpoint.host }, keyTime: localKeyTime(Date.now()),
      })
      const put = await httpRequest(getObjectUrl({ endpoint, key }), 'PUT', { authorization }, bytes)
      expect(put.statusCode).toBe(200)

      const { hosts } = loadHost('h5', undefined, adapter)
      const found = await hosts.head({ url: signedHeadUrl(key, 'path'), timeout: 10_000 })
      expect(found.statusCode).toBe(200)
      expect(found.headers['content-length']).toBe(String(bytes.length))
      expect(found.headers.etag).toBe(`"${md5(bytes)}"`)
      expect((await hosts.head({ url: signedHeadUrl(`${key}.missing`, 'path') })).statusCode).toBe(404)
    })
  })
})
