// A fake `wx` (and the hosts that copy its API shape: qq, tt, swan, jd) in WeChat's documented shapes:
// callbacks with `errMsg`, chooseMedia → tempFiles[{tempFilePath,size,width,height,fileType:'image'}],
// UploadTask {onProgressUpdate({progress,totalBytesSent,totalBytesExpectedToSend}), abort, and onHeadersReceived({header})
// where the host documents it},
// uploadFile success {data, statusCode} without headers, the album permission flow, privacy errors, openSetting only from a tap.
import { copyFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Device } from './device'
import { localFile, tempPath } from './device'
import { httpGet, httpRequest, multipartPost } from './http'

export interface WxLikeProfile {
  sdkVersion: string
  /** undefined: the host has no chooseMedia. */
  chooseMediaMax?: number
  chooseImageMax: number
  /** The authorize scope for album writes; undefined: the host has no `authorize` (JD). */
  albumScope?: string
  /** The authSetting key the host uses for album writes. */
  settingKey: string
  /** uploadFile honours `timeout`. */
  uploadTimeout: boolean
  /** UploadTask has onHeadersReceived. */
  headersReceived: boolean
  /** Privacy-protected APIs check the privacy agreement (WeChat, Douyin). */
  privacyChecks: boolean
  /** Extra fields on fail results (swan adds errCode). */
  failExtra?: Record<string, unknown>
  /** APIs this host version lacks. */
  missing?: string[]
}

type Options = Record<string, any>
type Callback = (res: Record<string, unknown>) => void

// WeChat's API ↔ privacy-type table (matrix §7). Douyin's own list isn't in the matrix; the tt fake applies the same one.
const PRIVACY_APIS = ['chooseMedia', 'chooseImage', 'saveImageToPhotosAlbum', 'authorize']

export function createWxLike(device: Device, profile: WxLikeProfile): Record<string, unknown> {
  let counter = 0
  const later = (fn: () => void): void => void setTimeout(fn, 0)
  const ok = (o: Options, api: string, res: Options = {}) => later(() => { o.success?.({ errMsg: `${api}:ok`, ...res }); o.complete?.() })
  const fail = (o: Options, api: string, reason: string) =>
    later(() => { o.fail?.({ errMsg: `${api}:fail ${reason}`, ...profile.failExtra }); o.complete?.() })
  const record = (api: string, o: Options) => device.calls.push({ api, options: o })
  const privacyRefusal = (api: string): string | undefined => {
    if (!profile.privacyChecks || !PRIVACY_APIS.includes(api)) return undefined
    if (device.privacy === 'undeclared') return 'api scope is not declared in the privacy agreement'
    if (device.privacy === 'refused') return 'privacy permission is not authorized'
    return undefined
  }
  const notAllowed = (list: 'uploadFile' | 'downloadFile' | 'request', url: string) => {
    const allowed = device.allowlist?.[list]
    return allowed !== undefined && !allowed.includes(new URL(url).origin)
  }
  const picked = (count: number) => (device.cancelPicker ? undefined : device.album.slice(0, count))

  const api: Record<string, (o: Options) => unknown> = {
    getSystemInfoSync: () => ({ SDKVersion: profile.sdkVersion, platform: 'devtools', windowWidth: 375, windowHeight: 667, pixelRatio: 2 }),
    getAppBaseInfo: () => ({ SDKVersion: profile.sdkVersion }),
    getWindowInfo: () => ({ windowWidth: 375, windowHeight: 667, pixelRatio: 2, screenWidth: 375, screenHeight: 667 }),
    getDeviceInfo: () => ({ platform: 'devtools', system: 'iOS 17.0' }),
    canIUse: () => true,
    nextTick: ((fn: () => void) => void setTimeout(fn, 0)) as never,
    getStorageSync: ((key: string) => device.storage[key] ?? '') as never,
    setStorageSync: ((key: string, value: unknown) => void (device.storage[key] = value)) as never,
    removeStorageSync: ((key: string) => void delete device.storage[key]) as never,
    request(o) {
      record('request', o)
      if (notAllowed('request', o.url)) {
        fail(o, 'request', 'url not in domain list')
        return { abort: () => undefined }
      }
      const json = o.data !== undefined && typeof o.data === 'object'
      const body = o.data === undefined ? undefined : Buffer.from(json ? JSON.stringify(o.data) : String(o.data))
      httpRequest(device.route(o.url), o.method ?? 'GET', { ...(json ? { 'content-type': 'application/json' } : {}), ...o.header }, body).then((res) => {
        const text = res.body.toString('utf8')
        let data: unknown = text
        if ((o.dataType ?? 'json') === 'json') try { data = JSON.parse(text) } catch { /* WeChat keeps the text */ }
        ok(o, 'request', { data, statusCode: res.statusCode, header: res.headers })
      }, (error: Error) => fail(o, 'request', error.message))
      return { abort: () => undefined }
    },
    chooseMedia(o) {
      record('chooseMedia', o)
      const refusal = privacyRefusal('chooseMedia')
      if (refusal) return fail(o, 'chooseMedia', refusal)
      const count = o.count ?? 9
      if (count > profile.chooseMediaMax!) return fail(o, 'chooseMedia', `count should be <= ${profile.chooseMediaMax}`)
      const files = picked(count)
      if (!files) return fail(o, 'chooseMedia', 'cancel')
      ok(o, 'chooseMedia', {
        type: 'image',
        tempFiles: files.map((f) => ({ tempFilePath: tempPath(device, f.name), size: f.size, width: f.width, height: f.height, fileType: 'image', duration: 0, thumbTempFilePath: '' })),
      })
    },
    chooseImage(o) {
      record('chooseImage', o)
      const refusal = privacyRefusal('chooseImage')
      if (refusal) return fail(o, 'chooseImage', refusal)
      const count = o.count ?? 9
      if (count > profile.chooseImageMax) return fail(o, 'chooseImage', `count should be <= ${profile.chooseImageMax}`)
      const files = picked(count)
      if (!files) return fail(o, 'chooseImage', 'cancel')
      ok(o, 'chooseImage', {
        tempFilePaths: files.map((f) => tempPath(device, f.name)),
        tempFiles: files.map((f) => ({ path: tempPath(device, f.name), size: f.size })),
      })
    },
    uploadFile(o) {
      record('uploadFile', o)
      const progress: Callback[] = []
      const headers: Callback[] = []
      let request: { abort(): void } | undefined
      let timer: ReturnType<typeof setTimeout> | undefined
      let settled = false
      const finish = (fn: () => void) => { if (!settled) { settled = true; clearTimeout(timer); fn() } }
      const task: Record<string, unknown> = {
        onProgressUpdate: (cb: Callback) => progress.push(cb),
        offProgressUpdate: (cb: Callback) => progress.splice(progress.indexOf(cb), 1),
        abort: () => { request?.abort(); finish(() => fail(o, 'uploadFile', 'abort')) },
      }
      if (profile.headersReceived) task.onHeadersReceived = (cb: Callback) => headers.push(cb)
      later(() => {
        if (settled) return
        if (typeof o.name !== 'string' || !o.filePath || !o.url) return finish(() => fail(o, 'uploadFile', 'parameter error: url, filePath and name are required'))
        if (notAllowed('uploadFile', o.url)) return finish(() => fail(o, 'uploadFile', 'url not in domain list'))
        const file = localFile(device, o.filePath)
        if (!file) return finish(() => fail(o, 'uploadFile', `file not found: ${o.filePath}`))
        const post = multipartPost({
          url: device.route(o.url), fields: o.formData ?? {}, fileField: o.name, filePath: file, headers: o.header,
          onProgress: (sent, total) => progress.forEach((cb) => cb({ progress: Math.round((sent / total) * 100), totalBytesSent: sent, totalBytesExpectedToSend: total })),
          onHeaders: (header) => headers.forEach((cb) => cb({ header })),
        })
        request = post
        post.done.then(
          (res) => finish(() => ok(o, 'uploadFile', { data: res.body.toString('utf8'), statusCode: res.statusCode })),
          (error: Error) => finish(() => fail(o, 'uploadFile', error.message)))
        if (profile.uploadTimeout && o.timeout) timer = setTimeout(() => { request?.abort(); finish(() => fail(o, 'uploadFile', 'timeout')) }, o.timeout)
      })
      return task
    },
    downloadFile(o) {
      record('downloadFile', o)
      if (notAllowed('downloadFile', o.url)) fail(o, 'downloadFile', 'url not in domain list')
      else {
        httpGet(device.route(o.url)).then((res) => {
          const name = `download_${++counter}`
          writeFileSync(join(device.dir, name), res.body)
          ok(o, 'downloadFile', { tempFilePath: tempPath(device, name), statusCode: res.statusCode })
        }, (error: Error) => fail(o, 'downloadFile', error.message))
      }
      // DownloadTask (progress not simulated).
      return { abort: () => undefined, onProgressUpdate: () => undefined, onHeadersReceived: () => undefined }
    },
    getSetting(o) {
      record('getSetting', o)
      ok(o, 'getSetting', { authSetting: { ...device.authSetting } })
    },
    authorize(o) {
      record('authorize', o)
      // WeChat lists authorize(scope.writePhotosAlbum) as a privacy API; no source says so of Douyin's scope.album.
      const refusal = o.scope === 'scope.writePhotosAlbum' ? privacyRefusal('authorize') : undefined
      if (refusal) return fail(o, 'authorize', refusal)
      if (device.authSetting[o.scope] === undefined) device.authSetting[o.scope] = device.authorizeAnswer === 'allow'
      // Refused once: fails at once, without asking again.
      if (device.authSetting[o.scope]) ok(o, 'authorize')
      else fail(o, 'authorize', 'auth deny')
    },
    openSetting(o) {
      record('openSetting', o)
      if (!device.tapping) return fail(o, 'openSetting', 'can only be invoked by user TAP gesture.')
      if (profile.settingKey in device.authSetting) device.authSetting[profile.settingKey] = device.settingsAnswer === 'allow'
      ok(o, 'openSetting', { authSetting: { ...device.authSetting } })
    },
    saveImageToPhotosAlbum(o) {
      record('saveImageToPhotosAlbum', o)
      const refusal = privacyRefusal('saveImageToPhotosAlbum')
      if (refusal) return fail(o, 'saveImageToPhotosAlbum', refusal)
      if (!localFile(device, o.filePath)) return fail(o, 'saveImageToPhotosAlbum', 'invalid file path')
      // Asks on first use, like authorize.
      if (device.authSetting[profile.settingKey] === undefined) device.authSetting[profile.settingKey] = device.authorizeAnswer === 'allow'
      if (!device.authSetting[profile.settingKey]) return fail(o, 'saveImageToPhotosAlbum', 'auth deny')
      device.saved.push(o.filePath)
      ok(o, 'saveImageToPhotosAlbum')
    },
    compressImage(o) {
      record('compressImage', o)
      const file = localFile(device, o.src)
      if (!file) return fail(o, 'compressImage', 'parameter error: parameter.src should be a local path')
      const name = `compressed_${++counter}.jpg`
      copyFileSync(file, join(device.dir, name))
      ok(o, 'compressImage', { tempFilePath: tempPath(device, name) })
    },
    previewImage(o) {
      record('previewImage', o)
      ok(o, 'previewImage')
    },
    showModal(o) {
      record('showModal', o)
      // The user taps the (only, with showCancel: false) confirm button.
      ok(o, 'showModal', { confirm: true, cancel: false })
    },
  }
  if (profile.chooseMediaMax === undefined) delete api.chooseMedia
  if (profile.albumScope === undefined) delete api.authorize
  for (const name of profile.missing ?? []) delete api[name]
  return api
}
