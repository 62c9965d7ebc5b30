// The host functions refuse what capabilities() turns off, with its reason, unless the integrator opted in.
import { type HostError } from '../../src/lib/core/errors'
import type { CapabilityOptions } from '../../src/lib/hosts'
import { ADAPTERS, addPhoto, callsTo, createFakeHost, loadHost, tempPath } from '../support/fake-hosts'
import type { Adapter, FakeHostOptions, MiniHost } from '../support/fake-hosts'

// Each test loads Taro (taro-h5 takes a second or two) on a shared 2-core machine.
jest.setTimeout(20_000)

describe.each(ADAPTERS)('%s adapter', (adapter: Adapter) => {
  function setup(host: MiniHost, options: FakeHostOptions = {}) {
    const { api, device } = createFakeHost(host, options)
    addPhoto(device, 'photo.jpg', 1024)
    return { device, path: tempPath(device, 'photo.jpg'), ...loadHost(host, api, adapter) }
  }

  const thrown = (fn: () => unknown): HostError => {
    try {
      fn()
    } catch (error) {
      return error as HostError
    }
    throw new Error('expected a throw')
  }
  const failure = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected a failure') }, (e: HostError) => e)
  // The bucket is never reached: the tests abort at once.
  const request = (filePath: string) => ({ url: 'https://examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com/', formData: {}, filePath })

  describe.each(['qq', 'jd'] as MiniHost[])('%s: unverified uploads', (host) => {
    it('uploadForm throws the unsupported error capabilities().upload gives, before calling uploadFile', () => {
      const { hosts, device, path, errors } = setup(host)
      const reason = hosts.capabilities().upload.reason!
      const error = thrown(() => hosts.uploadForm(request(path)))
      expect(error).toBeInstanceOf(errors.HostError)
      expect(error.kind).toBe('unsupported')
      expect(error.code).toBe('host-unverified')
      expect(error.diagnosis.message).toEqual(reason.message)
      expect(error.describe('en')).toContain('allowUnverifiedHosts')
      expect(callsTo(device, 'uploadFile')).toEqual([])
    })

    it('with allowUnverifiedHosts the upload goes to the host', async () => {
      const { hosts, device, path } = setup(host)
      const task = hosts.uploadForm(request(path), { allowUnverifiedHosts: true })
      expect(callsTo(device, 'uploadFile')).toEqual([expect.objectContaining({ filePath: path })])
      task.abort()
      expect((await failure(task.response)).code).toBe('canceled')
    })
  })

  describe(`create${adapter === 'taro' ? 'Taro' : 'Uni'}Host(options)`, () => {
    it('gates its uploadForm by the options it was made with, and its capabilities() default to them', async () => {
      const { hosts, device, path } = setup('qq')
      expect(thrown(() => hosts.create().uploadForm(request(path))).code).toBe('host-unverified')
      expect(callsTo(device, 'uploadFile')).toEqual([])

      const optedIn = hosts.create({ allowUnverifiedHosts: true })
      for (const options of [undefined, {}, { allowUnverifiedHosts: undefined }] as Array<CapabilityOptions | undefined>) {
        expect(optedIn.capabilities(options).upload.supported).toBe(true)
      }
      expect(optedIn.capabilities({ allowUnverifiedHosts: false }).upload.supported).toBe(false)
      const task = optedIn.uploadForm(request(path))
      expect(callsTo(device, 'uploadFile')).toHaveLength(1)
      task.abort()
      await failure(task.response)
    })
  })

  describe('APIs the base library lacks', () => {
    it('uploadForm without uploadFile throws api-missing (not a TypeError), with the reason capabilities() gives', () => {
      const { hosts, path } = setup('weapp', { profile: { missing: ['uploadFile'] } })
      const error = thrown(() => hosts.uploadForm(request(path), { allowUnverifiedHosts: true }))
      expect(error.kind).toBe('unsupported')
      expect(error.code).toBe('api-missing')
      expect(error.diagnosis.message).toEqual(hosts.capabilities().upload.reason!.message)
    })

    it('chooseImages without chooseMedia and chooseImage rejects api-missing naming both', async () => {
      const { hosts, device } = setup('weapp', { profile: { missing: ['chooseMedia', 'chooseImage'] } })
      const error = await failure(hosts.chooseImages({ count: 1 }))
      expect(error.kind).toBe('unsupported')
      expect(error.code).toBe('api-missing')
      expect(error.describe('en')).toContain('chooseMedia/chooseImage')
      expect(device.calls).toEqual([])
    })
  })

  describe('an unknown host (TARO_ENV not replaced)', () => {
    it('refuses uploadForm (even with allowUnverifiedHosts), chooseImages and download with host-unknown', async () => {
      const { hosts } = loadHost('unknown', undefined, adapter)
      const reason = hosts.capabilities().upload.reason!
      expect(reason.code).toBe('host-unknown')
      const errors = [
        thrown(() => hosts.uploadForm(request('blob:http://localhost/1'), { allowUnverifiedHosts: true })),
        await failure(hosts.chooseImages({ count: 1 })),
        await failure(hosts.download('https://cdn.example.com/a.jpg')),
      ]
      for (const error of errors) {
        expect(error.kind).toBe('unsupported')
        expect(error.diagnosis.message).toEqual(reason.message)
      }
    })
  })
})
