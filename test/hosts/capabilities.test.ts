// The capability table per host, from the host id (TARO_ENV, or uni's platform) plus probes of the API object: the
// Taro that processApis built over each fake host, or the fake uni over it.
import type { Capabilities, CapabilityName } from '../../src/lib/hosts'
import { ADAPTERS, createFakeHost, loadHost } from '../support/fake-hosts'
import type { Adapter, MiniHost } from '../support/fake-hosts'

// Each test loads Taro (taro-h5 takes a second or two) on a shared 2-core machine.
jest.setTimeout(20_000)

const NAMES: CapabilityName[] = ['pick', 'upload', 'progress', 'abort', 'saveToAlbum', 'compress']

const onOff = (caps: Capabilities) => NAMES.map((name) => `${name}:${caps[name].supported ? 'on' : 'off'}`).join(' ')

/** Every capability that is off says why, in both languages. */
function expectReasons(caps: Capabilities) {
  for (const name of NAMES) {
    if (caps[name].supported) continue
    expect(caps[name].reason?.code).toMatch(/^[a-z-]+$/)
    const { 'zh-CN': zh, en } = caps[name].reason!.message
    expect(zh).toMatch(/[\u4e00-\u9fff]/)
    expect(en.length).toBeGreaterThan(10)
    expect(zh).not.toBe(en)
  }
}

describe.each(ADAPTERS)('%s adapter', (adapter: Adapter) => {
  function table(host: MiniHost, missing: string[] = [], allowUnverifiedHosts?: boolean): Capabilities {
    const { api } = createFakeHost(host, { profile: { missing } })
    return loadHost(host, api, adapter).hosts.capabilities({ allowUnverifiedHosts })
  }

  describe('capabilities()', () => {
    it.each([
      ['weapp', 'pick:on upload:on progress:on abort:on saveToAlbum:on compress:on'],
      ['alipay', 'pick:on upload:on progress:on abort:on saveToAlbum:on compress:on'],
      ['tt', 'pick:on upload:on progress:on abort:on saveToAlbum:on compress:on'],
      // Baidu's progress fields are unverified; JD's uploadFile and its task are unverified.
      ['swan', 'pick:on upload:on progress:off abort:on saveToAlbum:on compress:on'],
      ['jd', 'pick:on upload:off progress:off abort:off saveToAlbum:on compress:on'],
      ['qq', 'pick:on upload:off progress:off abort:off saveToAlbum:on compress:on'],
    ] as Array<[MiniHost, string]>)('%s: %s', (host, expected) => {
      const caps = table(host)
      expect(onOff(caps)).toBe(expected)
      expectReasons(caps)
    })

    it('QQ: upload is off with the documented reason (COS documents WeChat only) until the integrator opts in', () => {
      const caps = table('qq')
      expect(caps.upload.reason?.code).toBe('host-unverified')
      expect(caps.upload.reason?.message['zh-CN']).toContain('微信小程序')
      expect(caps.upload.reason?.message.en).toContain('allowUnverifiedHosts')
      expect(caps.progress.reason?.code).toBe('upload-off')
      expect(onOff(table('qq', [], true))).toBe('pick:on upload:on progress:on abort:on saveToAlbum:on compress:on')
    })

    it('JD and Baidu: unverified parts turn on with allowUnverifiedHosts', () => {
      expect(table('jd').upload.reason?.code).toBe('host-unverified')
      expect(table('swan').progress.reason?.message.en).toContain('onProgressUpdate')
      expect(onOff(table('jd', [], true))).toBe('pick:on upload:on progress:on abort:on saveToAlbum:on compress:on')
      expect(table('swan', [], true).progress.supported).toBe(true)
    })

    it('probes the host: an API the base library lacks turns its capability off', () => {
      const caps = table('weapp', ['uploadFile', 'compressImage', 'saveImageToPhotosAlbum'])
      expect(onOff(caps)).toBe('pick:on upload:off progress:off abort:off saveToAlbum:off compress:off')
      expect(caps.upload.reason?.code).toBe('api-missing')
      expect(caps.compress.reason?.message.en).toContain('compressImage')
      expect(table('weapp', ['chooseMedia', 'chooseImage']).pick.reason?.message.en).toContain('chooseMedia/chooseImage')
      // WeChat before 2.10.0 has chooseImage only: picking still works.
      expect(table('weapp', ['chooseMedia']).pick.supported).toBe(true)
    })

    it('Alipay without saveImageToPhotosAlbum falls back to my.saveImage (online URLs only), and says so', () => {
      const caps = table('alipay', ['saveImageToPhotosAlbum'])
      expect(caps.saveToAlbum).toEqual({ supported: true, reason: expect.objectContaining({ code: 'save-by-url' }) })
      expect(table('alipay', ['saveImageToPhotosAlbum', 'saveImage']).saveToAlbum.supported).toBe(false)
    })

    it('H5: a fixed table (Taro H5 stubs are functions): no compress, save is a browser download', () => {
      const { hosts, taro, uni } = loadHost('h5', undefined, adapter)
      // Taro H5's compressImage is a stub that "succeeds"; uni-h5 has none, and a saveImageToPhotosAlbum that fails.
      if (adapter === 'taro') expect(typeof taro.compressImage).toBe('function')
      else expect([typeof uni!.compressImage, typeof uni!.saveImageToPhotosAlbum]).toEqual(['undefined', 'function'])
      const caps = hosts.capabilities()
      expect(onOff(caps)).toBe('pick:on upload:on progress:on abort:on saveToAlbum:on compress:off')
      expect(caps.saveToAlbum.reason?.code).toBe('save-downloads')
      expect(caps.compress.reason?.code).toBe('compress-unsupported')
    })

    it('an unknown host is gated everywhere, with a reason, even with allowUnverifiedHosts', () => {
      const { hosts } = loadHost('unknown', undefined, adapter)
      const caps = hosts.capabilities({ allowUnverifiedHosts: true })
      expect(onOff(caps)).toBe('pick:off upload:off progress:off abort:off saveToAlbum:off compress:off')
      expect(caps.pick.reason?.code).toBe('host-unknown')
      expectReasons(caps)
      expect(hosts.id).toBe('unknown')
    })
  })

  describe('maxConcurrentUploads()', () => {
    it.each([['weapp', 10], ['qq', 10], ['alipay', 5], ['tt', 5], ['swan', 5], ['jd', 5]] as Array<[MiniHost, number]>)(
      '%s: %i', (host, limit) => {
        const { api } = createFakeHost(host)
        expect(loadHost(host, api, adapter).hosts.maxConcurrentUploads()).toBe(limit)
      })

    it('h5: 6 (connections per origin); unknown: 1', () => {
      expect(loadHost('h5', undefined, adapter).hosts.maxConcurrentUploads()).toBe(6)
      expect(loadHost('unknown', undefined, adapter).hosts.maxConcurrentUploads()).toBe(1)
    })
  })

  describe(`create${adapter === 'taro' ? 'Taro' : 'Uni'}Host()`, () => {
    it('bundles the contract with the host id', () => {
      const { api } = createFakeHost('tt')
      const host = loadHost('tt', api, adapter).hosts.create()
      expect(host.id).toBe('tt')
      expect(Object.keys(host).sort()).toEqual(['capabilities', 'chooseImages', 'compressImage', 'download', 'head', 'id', 'maxConcurrentUploads',
        'openSetting', 'openSettingAndSave', 'previewImage', 'saveImageToAlbum', 'showModal', 'uploadForm'])
    })
  })
})
