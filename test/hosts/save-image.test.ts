// saveImageToAlbum: every branch of the permission flow on each host family, the Alipay fallbacks and H5.
import { type HostError } from '../../src/lib/core/errors'
import { DOWNLOAD_RELEASE_MS } from '../../src/lib/hosts/save-image'
import { ADAPTERS, addPhoto, callsTo, createFakeHost, loadHost, tap, tempPath } from '../support/fake-hosts'
import type { Adapter, FakeHostOptions, MiniHost } from '../support/fake-hosts'

// Each test loads Taro (taro-h5 takes a second or two) on a shared 2-core machine.
jest.setTimeout(20_000)

describe.each(ADAPTERS)('%s adapter', (adapter: Adapter) => {
  function setup(host: MiniHost, options: FakeHostOptions = {}) {
    const { api, device } = createFakeHost(host, options)
    addPhoto(device, 'photo.jpg', 4096)
    return { device, path: tempPath(device, 'photo.jpg'), ...loadHost(host, api, adapter) }
  }

  const apisCalled = (device: { calls: Array<{ api: string }> }) => device.calls.map((call) => call.api)
  const failure = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected a failure') }, (e: HostError) => e)

  describe.each([
    ['weapp', 'scope.writePhotosAlbum'],
    ['qq', 'scope.writePhotosAlbum'],
    ['swan', 'scope.writePhotosAlbum'],
    ['tt', 'scope.album'],
  ] as Array<[MiniHost, string]>)('%s (authorize %s)', (host, scope) => {
    it('first time, the user allows: getSetting → authorize → save → "saved"', async () => {
      const { hosts, device, path } = setup(host)
      await expect(hosts.saveImageToAlbum(path)).resolves.toBe('saved')
      expect(apisCalled(device)).toEqual(['getSetting', 'authorize', 'saveImageToPhotosAlbum'])
      expect(callsTo(device, 'authorize')[0]).toMatchObject({ scope })
      expect(device.saved).toEqual([path])
    })

    it('first time, the user refuses → permission-denied, nothing saved', async () => {
      const { hosts, device, path, errors } = setup(host, { device: { authorizeAnswer: 'deny' } })
      const error = await failure(hosts.saveImageToAlbum(path))
      expect(error).toBeInstanceOf(errors.HostError)
      expect(error.code).toBe('permission-denied')
      expect(device.saved).toEqual([])
      expect(device.authSetting[scope]).toBe(false)
    })

    it('refused before: fails fast with permission-denied, without calling authorize (it would fail without asking)', async () => {
      const { hosts, device, path } = setup(host, { device: { authSetting: { [scope]: false } } })
      expect((await failure(hosts.saveImageToAlbum(path))).code).toBe('permission-denied')
      expect(apisCalled(device)).toEqual(['getSetting'])
    })

    it('granted before: saves without asking', async () => {
      const { hosts, device, path } = setup(host, { device: { authSetting: { [scope]: true } } })
      await expect(hosts.saveImageToAlbum(path)).resolves.toBe('saved')
      expect(apisCalled(device)).toEqual(['getSetting', 'saveImageToPhotosAlbum'])
    })

    it('after a refusal, a tap opens the settings; once granted the save runs again', async () => {
      const { hosts, device, path } = setup(host, { device: { authSetting: { [scope]: false } } })
      await failure(hosts.saveImageToAlbum(path))
      await expect(tap(device, () => hosts.openSettingAndSave(path))).resolves.toBe('saved')
      expect(device.saved).toEqual([path])
      expect(apisCalled(device).slice(1)).toEqual(['openSetting', 'getSetting', 'saveImageToPhotosAlbum'])
    })

    it('the user leaves it off in the settings → openSetting false, openSettingAndSave permission-denied', async () => {
      const { hosts, device, path } = setup(host, { device: { authSetting: { [scope]: false }, settingsAnswer: 'deny' } })
      await expect(tap(device, () => hosts.openSetting())).resolves.toBe(false)
      expect((await failure(tap(device, () => hosts.openSettingAndSave(path)))).code).toBe('permission-denied')
      expect(device.saved).toEqual([])
    })
  })

  describe('WeChat specifics', () => {
    it('openSetting outside a tap is rejected by WeChat, and that surfaces as a HostError', async () => {
      const { hosts, errors } = setup('weapp', { device: { authSetting: { 'scope.writePhotosAlbum': false } } })
      const error = await failure(hosts.openSetting())
      expect(error).toBeInstanceOf(errors.HostError)
      expect(error.errMsg).toContain('TAP gesture')
    })

    it('album writes not declared in the privacy agreement → names “相册（仅写入）权限”', async () => {
      const { hosts, path } = setup('weapp', { device: { privacy: 'undeclared' } })
      const error = await failure(hosts.saveImageToAlbum(path))
      expect(error.code).toBe('privacy-scope-undeclared')
      expect(error.describe('zh-CN')).toContain('相册（仅写入）权限')
    })

    it.each([
      ['first time: authorize', {}, 'authorize'],
      ['granted before: the save', { 'scope.writePhotosAlbum': true }, 'saveImageToPhotosAlbum'],
    ])('the user declined the privacy prompt (%s fails) → privacy-not-authorized, retryable, not the album refusal', async (_, authSetting, api) => {
      const { hosts, device, path } = setup('weapp', { device: { privacy: 'refused', authSetting } })
      const error = await failure(hosts.saveImageToAlbum(path))
      expect(error.code).toBe('privacy-not-authorized')
      expect(error.retryable).toBe(true)
      expect(error.errMsg).toBe(`${api}:fail privacy permission is not authorized`)
      expect(device.saved).toEqual([])
      // Declining privacy isn't refusing the album: no refusal is recorded, so the next try asks again.
      expect(device.authSetting).toEqual(authSetting)
    })

    it('a DevTools temp path (http://tmp/…) is saved as a local file, not downloaded', async () => {
      const { hosts, device, path } = setup('weapp', { device: { authSetting: { 'scope.writePhotosAlbum': true } } })
      expect(path).toMatch(/^http:\/\/tmp\//)
      await hosts.saveImageToAlbum(path)
      expect(callsTo(device, 'downloadFile')).toEqual([])
    })

    it('rejects a missing path before calling the host', async () => {
      const { hosts, device, errors } = setup('weapp')
      await expect(hosts.saveImageToAlbum('')).rejects.toBeInstanceOf(errors.InvalidInputError)
      expect(device.calls).toEqual([])
    })
  })

  describe('JD (no authorize)', () => {
    it('saves directly; a refusal from the save is permission-denied; settings then fix it', async () => {
      const { hosts, device, path } = setup('jd', { device: { authorizeAnswer: 'deny' } })
      expect((await failure(hosts.saveImageToAlbum(path))).code).toBe('permission-denied')
      expect(apisCalled(device)[0]).toBe('saveImageToPhotosAlbum')
      expect(callsTo(device, 'authorize')).toEqual([])
      await expect(tap(device, () => hosts.openSettingAndSave(path))).resolves.toBe('saved')
    })
  })

  describe('Alipay (no authorize; error codes instead of errMsg)', () => {
    it('saves directly → "saved"', async () => {
      const { hosts, device, path } = setup('alipay')
      await expect(hosts.saveImageToAlbum(path)).resolves.toBe('saved')
      expect(apisCalled(device)).toEqual(['saveImageToPhotosAlbum'])
    })

    it('album access off (error 15) → permission-denied', async () => {
      const { hosts, path } = setup('alipay', { device: { authSetting: { writePhotosAlbum: false } } })
      const error = await failure(hosts.saveImageToAlbum(path))
      expect(error.code).toBe('permission-denied')
      // Error 15: Taro passes the code on; uni passes its message on.
      expect(error.errMsg).toBe(adapter === 'taro' ? 'saveImageToPhotosAlbum:fail auth deny' : 'saveImageToPhotosAlbum:fail 没有开启相册权限')
    })

    it('a failure code that does not say why, with writePhotosAlbum off in the settings → permission-denied', async () => {
      const { hosts, device, path } = setup('alipay', { device: { authSetting: { writePhotosAlbum: false } }, profile: { refusalError: 17 } })
      expect((await failure(hosts.saveImageToAlbum(path))).code).toBe('permission-denied')
      expect(apisCalled(device)).toEqual(['saveImageToPhotosAlbum', 'getSetting'])
    })

    it('downloads an online URL first: a download the allowlist refuses stops before saveImageToPhotosAlbum', async () => {
      const { hosts, device } = setup('alipay', { device: { allowlist: { downloadFile: [] } } })
      const error = await failure(hosts.saveImageToAlbum('https://cdn.example.com/a.jpg'))
      expect(error.code).toBe('domain-not-allowed')
      expect(error.describe('en')).toContain('cdn.example.com')
      expect(apisCalled(device)).toEqual(['downloadFile'])
      expect(device.saved).toEqual([])
    })

    it('a path the host rejects (error 17) fails as it is, not as permission-denied', async () => {
      const { hosts, device } = setup('alipay')
      const error = await failure(hosts.saveImageToAlbum('wxfile://tmp/elsewhere.jpg'))
      expect(error.code).toBe('host-error')
      expect(error.errMsg).toBe('saveImageToPhotosAlbum:fail 保存图片过程中的其他错误')
      expect(apisCalled(device)).toEqual(['saveImageToPhotosAlbum', 'getSetting'])
    })

    it('after a refusal, openSettingAndSave opens the settings (my.openSetting) and saves once granted', async () => {
      const { hosts, device, path } = setup('alipay', { device: { authSetting: { writePhotosAlbum: false } } })
      expect((await failure(hosts.saveImageToAlbum(path))).code).toBe('permission-denied')
      await expect(hosts.openSettingAndSave(path)).resolves.toBe('saved')
      expect(apisCalled(device)).toEqual(['saveImageToPhotosAlbum', 'openSetting', 'saveImageToPhotosAlbum'])
      expect(device.saved).toEqual([path])
    })

    it('left off in the settings → openSettingAndSave permission-denied without saving again', async () => {
      const { hosts, device, path } = setup('alipay', { device: { authSetting: { writePhotosAlbum: false }, settingsAnswer: 'deny' } })
      expect((await failure(hosts.openSettingAndSave(path))).code).toBe('permission-denied')
      expect(apisCalled(device)).toEqual(['openSetting'])
      expect(device.saved).toEqual([])
    })

    it('old clients without saveImageToPhotosAlbum: my.saveImage for URLs; a local path gets save-needs-url', async () => {
      const { hosts, device, path } = setup('alipay', { profile: { missing: ['saveImageToPhotosAlbum'] } })
      await expect(hosts.saveImageToAlbum('https://cdn.example.com/b.jpg')).resolves.toBe('saved')
      expect(callsTo(device, 'saveImage')[0]).toMatchObject({ url: 'https://cdn.example.com/b.jpg' })
      const error = await failure(hosts.saveImageToAlbum(path))
      expect(error.code).toBe('save-needs-url')
      expect(error.kind).toBe('unsupported')
    })

    it('openSetting reads writePhotosAlbum', async () => {
      const { hosts } = setup('alipay', { device: { authSetting: { writePhotosAlbum: false } } })
      await expect(hosts.openSetting()).resolves.toBe(true)
    })
  })

  describe('H5 (real taro-h5, or uni-h5)', () => {
    it('runs the browser download and reports "downloaded", never "saved"; no permission flow', async () => {
      const { hosts } = loadHost('h5', undefined, adapter)
      const clicked: string[] = []
      const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
        clicked.push(this.href)
      })
      try {
        await expect(hosts.saveImageToAlbum('blob:http://localhost/1234')).resolves.toBe('downloaded')
        expect(clicked).toEqual(['blob:http://localhost/1234'])
      } finally {
        click.mockRestore()
      }
      await expect(hosts.openSetting()).rejects.toMatchObject({ kind: 'unsupported' })
    })

    it('revokes the blob: URL it downloaded, once the download has had a minute to read it; never a URL the caller gave', async () => {
      const { hosts } = loadHost('h5', undefined, adapter)
      // The browser's boundary: fetch answers the image, object URLs are made and revoked (jsdom has neither).
      const image = new Blob([new Uint8Array(64)], { type: 'image/png' })
      const fetchImage = jest.fn(async () => ({ ok: true, status: 200, headers: new Headers(), blob: async () => image }))
      const revoked: string[] = []
      const original = { fetch: globalThis.fetch, create: URL.createObjectURL, revoke: URL.revokeObjectURL }
      Object.assign(globalThis, { fetch: fetchImage })
      Object.assign(URL, { createObjectURL: () => 'blob:http://localhost/downloaded', revokeObjectURL: (url: string) => revoked.push(url) })
      const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined)
      jest.useFakeTimers()
      try {
        await expect(hosts.saveImageToAlbum('https://examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com/a.png')).resolves.toBe('downloaded')
        expect(fetchImage).toHaveBeenCalledTimes(1)
        jest.advanceTimersByTime(DOWNLOAD_RELEASE_MS - 1)
        expect(revoked).toEqual([]) // the download may still be reading it
        jest.advanceTimersByTime(1)
        expect(revoked).toEqual(['blob:http://localhost/downloaded'])

        await expect(hosts.saveImageToAlbum('blob:http://localhost/tile')).resolves.toBe('downloaded')
        jest.advanceTimersByTime(DOWNLOAD_RELEASE_MS * 2)
        expect(revoked).toEqual(['blob:http://localhost/downloaded'])
      } finally {
        jest.useRealTimers()
        click.mockRestore()
        Object.assign(globalThis, { fetch: original.fetch })
        Object.assign(URL, { createObjectURL: original.create, revokeObjectURL: original.revoke })
      }
    })
  })
})
