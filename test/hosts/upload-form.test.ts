// uploadForm (the FormTransport over Taro.uploadFile) and download, on each mini host: real bytes over HTTP
// from the fake host to the local COS emulator, which checks the signed POST form and stores the object.
import { type HostError } from '../../src/lib/core/errors'
import { type FormUploadRequest, type UploadProgress } from '../../src/lib/core/transport'
import { startEmulator } from '../../server/emulator'
import type { RunningEmulator } from '../../server/emulator'
import { ADAPTERS, addPhoto, callsTo, createFakeHost, loadHost, tempPath } from '../support/fake-hosts'
import type { Adapter, FakeHostOptions, MiniHost } from '../support/fake-hosts'
import { BUCKET, LEGACY_BUCKET, signedPostForm } from '../support/fake-hosts/cos-form'

// Real HTTP on a shared 2-core machine: allow for load.
jest.setTimeout(30_000)

let emulator: RunningEmulator

beforeAll(async () => {
  emulator = await startEmulator({ quiet: true, buckets: [{ name: BUCKET, publicRead: true }, { name: LEGACY_BUCKET, pathStyle: true }] })
})

afterAll(async () => {
  await emulator.close()
})

afterEach(() => emulator.setFaults({ latencyMs: 0 }))

describe.each(ADAPTERS)('%s adapter', (adapter: Adapter) => {
  function setup(host: MiniHost, size: number, options: FakeHostOptions = {}) {
    const { api, device } = createFakeHost(host, options)
    const photo = addPhoto(device, 'photo.jpg', size)
    return { device, photo, path: tempPath(device, 'photo.jpg'), ...loadHost(host, api, adapter) }
  }

  const failure = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected a failure') }, (e: HostError) => e)
  const objectUrl = (key: string) => `http://${BUCKET}.cos.${emulator.region}.localhost:${emulator.port}/${key}`
  // QQ and JD uploads are unverified (off by default, see gating.test.ts): these tests opt in.
  const optIn = (host: MiniHost) => ({ allowUnverifiedHosts: host === 'qq' || host === 'jd' })

  describe.each(['weapp', 'alipay', 'tt', 'swan', 'qq', 'jd'] as MiniHost[])('%s', (host) => {
    it('uploads the file as the last part, named `file`; the emulator stores the exact bytes; progress is normalised', async () => {
      const { hosts, device, photo, path } = setup(host, 200 * 1024)
      const key = `hosts/${host}/${Date.now()}.jpg`
      const { url, formData } = signedPostForm(emulator, key)
      const task = hosts.uploadForm({ url, formData, filePath: path, fileName: 'photo.jpg', timeout: 10_000 }, optIn(host))
      const events: UploadProgress[] = []
      task.onProgress((p) => events.push(p))
      const response = await task.response

      expect(response.statusCode).toBe(204)
      expect(typeof response.statusCode).toBe('number')
      expect(await emulator.readObject(BUCKET, key)).toEqual(photo.bytes)
      const call = callsTo(device, 'uploadFile')[0]
      expect(call).toMatchObject({ url, filePath: path, formData })
      if (host === 'alipay') expect(call).toMatchObject({ fileName: 'file', fileType: 'image' })
      else expect(call.name).toBe('file')

      expect(events.length).toBeGreaterThan(5)
      const last = events[events.length - 1]
      expect(last.percent).toBe(100)
      expect(last.loaded).toBe(last.total)
      expect(last.total).toBeGreaterThan(photo.size)
      events.forEach((e, i) => {
        expect(e.percent).toBeCloseTo((e.loaded / e.total) * 100)
        if (i) expect(e.loaded).toBeGreaterThanOrEqual(events[i - 1].loaded)
      })
    })

    it('downloads an object to a temp file with the same bytes', async () => {
      const { hosts, device, photo, path } = setup(host, 10 * 1024)
      const key = `hosts/${host}/download-${Date.now()}.jpg`
      const { url, formData } = signedPostForm(emulator, key)
      await hosts.uploadForm({ url, formData, filePath: path }, optIn(host)).response
      const downloaded = await hosts.download(objectUrl(key))
      expect(downloaded.startsWith(device.tempPrefix)).toBe(true)
      const { readFileSync } = await import('node:fs')
      const { join } = await import('node:path')
      expect(readFileSync(join(device.dir, downloaded.slice(device.tempPrefix.length)))).toEqual(photo.bytes)
    })
  })

  describe('response headers, where the host gives them', () => {
    // WeChat: UploadTask.onHeadersReceived; Alipay: that and `header` in the success result.
    it.each(['weapp', 'alipay'] as MiniHost[])('%s: etag and x-cos-request-id, lower-cased', async (host) => {
      const { hosts, path } = setup(host, 1024)
      const { url, formData } = signedPostForm(emulator, `hosts/headers-${host}.jpg`)
      const { headers } = await hosts.uploadForm({ url, formData, filePath: path }).response
      expect(headers.etag).toMatch(/^"[0-9a-f]{32}"$/)
      expect(headers['x-cos-request-id']).toMatch(/\S/)
    })

    it.each(['tt', 'swan', 'qq', 'jd'] as MiniHost[])('%s: no documented UploadTask.onHeadersReceived nor headers in the result → empty headers, still a response', async (host) => {
      const { hosts, path } = setup(host, 1024)
      const { url, formData } = signedPostForm(emulator, `hosts/headers-${host}.jpg`)
      await expect(hosts.uploadForm({ url, formData, filePath: path }, optIn(host)).response).resolves.toEqual({ statusCode: 204, headers: {}, data: '' })
    })
  })

  describe('answers and failures', () => {
    it('resolves COS error answers (it is the caller who diagnoses them): a bad signature → 403 with the XML body', async () => {
      const { hosts, path } = setup('weapp', 1024)
      const { url, formData } = signedPostForm(emulator, 'hosts/bad-signature.jpg')
      const response = await hosts.uploadForm({ url, formData: { ...formData, 'q-signature': '0'.repeat(40) }, filePath: path }).response
      expect(response.statusCode).toBe(403)
      expect(response.data).toContain('<Code>SignatureDoesNotMatch</Code>')
    })

    it('Alipay\'s string statusCode arrives as a number', async () => {
      const { hosts, path } = setup('alipay', 1024)
      const { url, formData } = signedPostForm(emulator, 'hosts/bad-signature-alipay.jpg')
      const response = await hosts.uploadForm({ url, formData: { ...formData, 'q-signature': '0'.repeat(40) }, filePath: path }).response
      expect(response.statusCode).toBe(403)
    })

    it.each(['weapp', 'alipay'] as MiniHost[])('%s: a bucket outside the uploadFile allowlist → domain-not-allowed naming the domain, never retried', async (host) => {
      const { hosts, path } = setup(host, 1024, { device: { allowlist: { uploadFile: ['https://other.example.com'] } } })
      const { url, formData } = signedPostForm(emulator, 'hosts/not-allowed.jpg')
      const error = await failure(hosts.uploadForm({ url, formData, filePath: path }).response)
      expect(error.code).toBe('domain-not-allowed')
      expect(error.retryable).toBe(false)
      expect(error.describe('en')).toContain(`${BUCKET}.cos.${emulator.region}.localhost:${emulator.port}`)
      expect(error.describe('en')).toContain('uploadFile')
      expect(error.diagnosis.detail).toMatchObject({ host })
    })

    it('a download outside the downloadFile allowlist names that list', async () => {
      const { hosts } = setup('weapp', 1024, { device: { allowlist: { downloadFile: [] } } })
      const error = await failure(hosts.download(objectUrl('hosts/x.jpg')))
      expect(error.code).toBe('domain-not-allowed')
      expect(error.describe('en')).toContain('downloadFile')
    })

    it('a download answered 404 → download-http-error, not a temp path', async () => {
      const { hosts } = setup('weapp', 1024)
      const error = await failure(hosts.download(objectUrl('hosts/missing.jpg')))
      expect(error.code).toBe('download-http-error')
      expect(error.diagnosis.detail).toMatchObject({ statusCode: 404 })
    })

    it.each(['weapp', 'alipay'] as MiniHost[])('%s: abort → rejects as canceled at once; nothing is stored', async (host) => {
      const { hosts, path } = setup(host, 4 * 1024 * 1024)
      const key = `hosts/aborted-${host}.jpg`
      const { url, formData } = signedPostForm(emulator, key)
      emulator.setFaults({ latencyMs: 2000 })
      const task = hosts.uploadForm({ url, formData, filePath: path })
      let aborted = false
      task.onProgress(() => {
        if (!aborted) task.abort()
        aborted = true
      })
      const error = await failure(task.response)
      expect(error.kind).toBe('canceled')
      expect(error.code).toBe('canceled')
      expect(await emulator.readObject(BUCKET, key)).toBeUndefined()
    })

    it.each(['weapp', 'swan'] as MiniHost[])('%s: timeout → retryable network error (Baidu ignores `timeout`: the transport enforces it)', async (host) => {
      const { hosts, device, path } = setup(host, 1024)
      const { url, formData } = signedPostForm(emulator, `hosts/timeout-${host}.jpg`)
      emulator.setFaults({ latencyMs: 3000 })
      const error = await failure(hosts.uploadForm({ url, formData, filePath: path, timeout: 200 }).response)
      expect(error.kind).toBe('network')
      expect(error.retryable).toBe(true)
      expect(error.errMsg).toBe('uploadFile:fail timeout')
      expect(callsTo(device, 'uploadFile')[0].timeout).toBe(200)
    })

    it('bad input is refused before the host is called', async () => {
      const { hosts, device, path, errors } = setup('weapp', 10)
      const bad: FormUploadRequest[] = [
        { url: 'ftp://x/', formData: {}, filePath: path },
        { url: 'https://b.example.com/', formData: {}, filePath: '' },
        { url: 'https://b.example.com/', formData: { key: 1 as unknown as string }, filePath: path },
      ]
      for (const request of bad) expect(() => hosts.uploadForm(request)).toThrow(errors.InvalidInputError)
      expect(device.calls).toEqual([])
    })
  })

  describe('save a remote image', () => {
    it.each([
      ['weapp', { 'scope.writePhotosAlbum': true }],
      ['alipay', { writePhotosAlbum: true }],
    ] as Array<[MiniHost, Record<string, boolean>]>)('%s downloads it first, then saves the temp file', async (host, authSetting) => {
      const { hosts, device, path } = setup(host, 2048, { device: { authSetting } })
      const key = `hosts/to-save-${host}.jpg`
      const { url, formData } = signedPostForm(emulator, key)
      await hosts.uploadForm({ url, formData, filePath: path }).response
      await expect(hosts.saveImageToAlbum(objectUrl(key))).resolves.toBe('saved')
      expect(callsTo(device, 'downloadFile')[0]).toMatchObject({ url: objectUrl(key) })
      expect(device.saved).toEqual([expect.stringMatching(new RegExp(`^${device.tempPrefix}download_`))])
    })
  })
})
