// chooseImages on each mini host: the API chosen, the count clamp, result normalisation, cancel and privacy.
import { type HostError } from '../../src/lib/core/errors'
import { ADAPTERS, addPhoto, callsTo, createFakeHost, loadHost } from '../support/fake-hosts'
import type { Adapter, FakeHostOptions, MiniHost } from '../support/fake-hosts'

// Each test loads Taro (taro-h5 takes a second or two) on a shared 2-core machine.
jest.setTimeout(20_000)

describe.each(ADAPTERS)('%s adapter', (adapter: Adapter) => {
  function setup(host: MiniHost, photos: string[], options: FakeHostOptions = {}) {
    const { api, device } = createFakeHost(host, options)
    photos.forEach((name, i) => addPhoto(device, name, 1000 + i))
    return { device, ...loadHost(host, api, adapter) }
  }

  const names = (n: number, ext = 'jpg') => Array.from({ length: n }, (_, i) => `p${i}.${ext}`)

  describe('the API and the count clamp', () => {
    it.each([
      // host, requested, API used, count passed
      ['weapp', 30, 'chooseMedia', 20],
      ['tt', 30, 'chooseMedia', 20],
      ['jd', 25, 'chooseMedia', 20],
      ['qq', 30, 'chooseImage', 9],
      ['swan', 12, 'chooseImage', 9],
      ['alipay', 30, 'chooseImage', 9],
      ['weapp', 3, 'chooseMedia', 3],
    ] as Array<[MiniHost, number, string, number]>)('%s: count %i → %s count %i', async (host, count, apiName, passed) => {
      const { device, hosts } = setup(host, names(25))
      const files = await hosts.chooseImages({ count })
      expect(callsTo(device, apiName)).toEqual([expect.objectContaining({ count: passed })])
      expect(files).toHaveLength(passed)
    })

    it('WeChat before base library 2.25.0 caps chooseMedia at 9', async () => {
      const { device, hosts } = setup('weapp', names(12), { profile: { sdkVersion: '2.24.9', chooseMediaMax: 9 } })
      await expect(hosts.chooseImages({ count: 12 })).resolves.toHaveLength(9)
      expect(callsTo(device, 'chooseMedia')[0]).toMatchObject({ count: 9 })
    })

    it('WeChat before 2.10.0 (no chooseMedia) uses chooseImage', async () => {
      const { device, hosts } = setup('weapp', names(3), { profile: { missing: ['chooseMedia'] } })
      await expect(hosts.chooseImages({ count: 2 })).resolves.toHaveLength(2)
      expect(callsTo(device, 'chooseImage')).toEqual([expect.objectContaining({ count: 2 })])
    })

    it('Alipay: always passes a count (my.chooseImage picks 1 by default)', async () => {
      const { device, hosts } = setup('alipay', names(5))
      await expect(hosts.chooseImages()).resolves.toHaveLength(5)
      expect(callsTo(device, 'chooseImage')[0]).toMatchObject({ count: 9 })
    })

    it('forwards sizeType and sourceType, asks chooseMedia for images only', async () => {
      const { device, hosts } = setup('weapp', names(1))
      await hosts.chooseImages({ count: 1, sizeType: ['compressed'], sourceType: ['camera'] })
      expect(callsTo(device, 'chooseMedia')[0]).toMatchObject({ count: 1, mediaType: ['image'], sizeType: ['compressed'], sourceType: ['camera'] })
    })

    it.each([0, -1, 2.5, Number.NaN, '3' as unknown as number])('rejects count %p before calling the host', async (count) => {
      const { device, hosts, errors } = setup('weapp', names(1))
      const error = await hosts.chooseImages({ count }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(errors.InvalidInputError)
      expect((error as HostError).code).toBe('invalid-count')
      expect(device.calls).toEqual([])
    })
  })

  describe('normalised results', () => {
    it('chooseMedia (weapp): {path, size, type, name, width, height}', async () => {
      const { device, hosts } = setup('weapp', [])
      addPhoto(device, 'a.png', 2048, { width: 300, height: 200 })
      expect(await hosts.chooseImages({ count: 1 })).toEqual([
        { path: 'http://tmp/a.png', size: 2048, type: 'image/png', name: 'a.png', width: 300, height: 200 },
      ])
    })

    it('chooseImage (swan): path and size from tempFiles, type from the extension', async () => {
      const { hosts } = setup('swan', ['x.JPG'])
      expect(await hosts.chooseImages({ count: 1 })).toEqual([{ path: 'bdfile://tmp/x.JPG', size: 1000, type: 'image/jpeg', name: 'x.JPG' }])
    })

    it('Alipay: apFilePaths (…image) through Taro; any image type', async () => {
      const { hosts } = setup('alipay', ['apml953bb093ebd2834530196f50a4413a87.image'])
      expect(await hosts.chooseImages({ count: 1 })).toEqual([{
        path: 'https://resource/apml953bb093ebd2834530196f50a4413a87.image', size: 1000, type: 'image/*',
        name: 'apml953bb093ebd2834530196f50a4413a87.image',
      }])
    })
  })

  describe('cancel and empty results are not errors', () => {
    it.each(['weapp', 'qq', 'alipay', 'tt', 'swan', 'jd'] as MiniHost[])('%s: cancel → []', async (host) => {
      const { hosts } = setup(host, names(2), { device: { cancelPicker: true } })
      await expect(hosts.chooseImages({ count: 2 })).resolves.toEqual([])
    })

    it('an empty album → []', async () => {
      const { hosts } = setup('tt', [])
      await expect(hosts.chooseImages({ count: 2 })).resolves.toEqual([])
    })
  })

  describe('privacy (WeChat, Douyin)', () => {
    it.each(['weapp', 'tt'] as MiniHost[])('%s: not declared in the privacy agreement → integrator error naming the declaration', async (host) => {
      const { hosts, errors } = setup(host, names(1), { device: { privacy: 'undeclared' } })
      const error = (await hosts.chooseImages({ count: 1 }).catch((e: unknown) => e)) as HostError
      expect(error).toBeInstanceOf(errors.HostError)
      expect(error.code).toBe('privacy-scope-undeclared')
      expect(error.retryable).toBe(false)
      expect(error.describe('zh-CN')).toContain('选中的照片或视频信息')
      expect(error.diagnosis.detail).toMatchObject({ host })
    })

    it('the user declined the privacy prompt → retryable, distinct from album permission', async () => {
      const { hosts } = setup('weapp', names(1), { device: { privacy: 'refused' } })
      const error = (await hosts.chooseImages({ count: 1 }).catch((e: unknown) => e)) as HostError
      expect(error.code).toBe('privacy-not-authorized')
      expect(error.retryable).toBe(true)
      expect(error.errMsg).toBe('chooseMedia:fail privacy permission is not authorized')
    })
  })
})
