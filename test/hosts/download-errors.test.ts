// download on a 403: COS's XML error (read back through `request`, as downloadFile keeps the body in its temp file)
// becomes the core's diagnosed CosServiceError, naming name/cos:GetObject and the key. Real HTTP from the fake
// hosts to the local COS emulator, which decides the answer from the signature and the temporary key's scope.
import { resolveEndpoint, getObjectUrl } from '../../src/lib/core/url'
import { type CosServiceError, type HostError } from '../../src/lib/core/errors'
import { localKeyTime } from '../../src/lib/core/sign'
import { startEmulator } from '../../server/emulator'
import type { RunningEmulator } from '../../server/emulator'
import { ADAPTERS, addPhoto, callsTo, createFakeHost, loadHost, tempPath } from '../support/fake-hosts'
import type { Adapter, FakeHostOptions, MiniHost } from '../support/fake-hosts'
import { BUCKET, signedPostForm } from '../support/fake-hosts/cos-form'

// Real HTTP on a shared 2-core machine: allow for load.
jest.setTimeout(30_000)

let emulator: RunningEmulator

beforeAll(async () => {
  // A private bucket: reading needs a signature whose key may GetObject.
  emulator = await startEmulator({ quiet: true, buckets: [BUCKET] })
})

afterAll(async () => {
  await emulator.close()
})

const failure = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected a failure') }, (e: CosServiceError & HostError) => e)

describe.each(ADAPTERS)('%s adapter', (adapter: Adapter) => {
  /** A fake host with one photo stored under `key` (uploaded through the host's own uploadFile). */
  async function hostWithObject(host: MiniHost, key: string, options: FakeHostOptions = {}) {
    const { api, device } = createFakeHost(host, options)
    addPhoto(device, 'photo.jpg', 2048)
    const loaded = loadHost(host, api, adapter)
    const { url, formData } = signedPostForm(emulator, key)
    expect((await loaded.hosts.uploadForm({ url, formData, filePath: tempPath(device, 'photo.jpg') }).response).statusCode).toBe(204)
    return { ...loaded, device }
  }

  /** A GET URL for `key` signed with a temporary key limited to `actions` under uploads/. */
  function urlSignedFor(key: string, actions: string[], secretKey?: string) {
    const { tmpSecretId, tmpSecretKey, sessionToken } = emulator.issueTemporaryKey({ actions, allowPrefix: ['uploads/'] }).credentials
    const endpoint = resolveEndpoint({ bucket: BUCKET, region: emulator.region, endpoint: `http://{bucket}.cos.{region}.localhost:${emulator.port}` })
    return getObjectUrl({
      endpoint, key, credentials: { secretId: tmpSecretId, secretKey: secretKey ?? tmpSecretKey, sessionToken }, keyTime: localKeyTime(Date.now()),
    })
  }

  describe.each(['weapp', 'alipay', 'tt'] as MiniHost[])('%s', (host) => {
    it('a key that may not GetObject → CosServiceError access-denied naming name/cos:GetObject and the key', async () => {
      const key = `uploads/${host}/denied 1+1.jpg`
      const { hosts, device, errors } = await hostWithObject(host, key)
      const url = urlSignedFor(key, ['name/cos:PostObject'])
      const error = await failure(hosts.download(url))
      expect(error).toBeInstanceOf(errors.CosServiceError)
      expect(error.statusCode).toBe(403)
      expect(error.cos.Code).toBe('AccessDenied')
      expect(error.code).toBe('access-denied')
      expect(error.diagnosis.detail).toEqual({ action: 'name/cos:GetObject', key })
      expect(error.describe('en')).toContain(`name/cos:GetObject on ${key}`)
      expect(error.describe('zh-CN')).toContain(`${key} 执行 name/cos:GetObject`)
      expect(error.requestId).toEqual(expect.any(String))
      // The same URL, read again through request for its body.
      expect(callsTo(device, 'downloadFile').map((call) => call.url)).toEqual([url])
      expect(callsTo(device, 'request').map((call) => call.url)).toEqual([url])
    })

    it('a URL signed with the wrong secret → signature-mismatch, not a bare HTTP 403', async () => {
      const key = `uploads/${host}/bad-signature.jpg`
      const { hosts } = await hostWithObject(host, key)
      const error = await failure(hosts.download(urlSignedFor(key, ['name/cos:GetObject'], 'not-the-secret')))
      expect(error.statusCode).toBe(403)
      expect(error.cos.Code).toBe('SignatureDoesNotMatch')
      expect(error.code).toBe('signature-mismatch')
    })
  })

  describe('when the body cannot be read back', () => {
    it('COS not in the request allowlist → the plain download-http-error with the status', async () => {
      const key = 'uploads/weapp/denied-no-request.jpg'
      const { hosts, errors } = await hostWithObject('weapp', key, { device: { allowlist: { request: [] } } })
      const error = await failure(hosts.download(urlSignedFor(key, ['name/cos:PostObject'])))
      expect(error).toBeInstanceOf(errors.HostError)
      expect(error.code).toBe('download-http-error')
      expect(error.diagnosis.detail).toMatchObject({ statusCode: 403 })
    })

    it('a 404 is not read back: it stays download-http-error', async () => {
      const { hosts, device } = await hostWithObject('weapp', 'uploads/weapp/present.jpg')
      const error = await failure(hosts.download(urlSignedFor('uploads/weapp/missing.jpg', ['name/cos:GetObject'])))
      expect(error.code).toBe('download-http-error')
      expect(error.diagnosis.detail).toMatchObject({ statusCode: 404 })
      expect(callsTo(device, 'request')).toEqual([])
    })
  })
})
