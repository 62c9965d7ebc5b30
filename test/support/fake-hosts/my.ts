// A fake Alipay `my`, in its documented shapes (opendocs.alipay.com my.* pages, @mini-types/my) and quirks:
// fail results are `{error, errorMessage}` (no errMsg); chooseImage picks 1 unless `count` is given, returns
// apFilePaths (+ tempFilePaths/tempFiles) and cancel is error 11; uploadFile names the part with `fileName`, the IDE
// rejects a missing/odd `fileType`, progress is {progress, totalBytesWritten, totalBytesExpectedToWrite}, success has
// `header` and (IDE) a string statusCode; no chooseMedia and no authorize; album refusal is error 15;
// saveImageToPhotosAlbum takes a local file or a network URL, any other path fails with 17;
// compressImage takes {apFilePaths, compressLevel}; temp paths look like https://resource/….image.
// my.request takes `headers` and answers {data, status, headers}; dataType defaults to json (an unparsable body
// fails with error 14), a domain off the allowlist fails with 11, and every non-2xx answer fails with error 19
// carrying status, data and headers (NervJS/taro#14366; opendocs my.request error codes).
import { copyFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Device } from './device'
import { localFile, tempPath } from './device'
import { httpGet, httpRequest, multipartPost } from './http'

export interface MyProfile {
  /** The IDE returns statusCode as a string. */
  stringStatusCode: boolean
  /** The save failure when album access is off: 15 is documented for iOS only; what others report isn't (17 = other). */
  refusalError?: 15 | 17
  /** APIs this client version lacks (e.g. saveImageToPhotosAlbum on old clients / DingTalk). */
  missing?: string[]
}

type Options = Record<string, any>
type Callback = (res: Record<string, unknown>) => void

export function createMy(device: Device, profile: MyProfile): Record<string, unknown> {
  let counter = 0
  const later = (fn: () => void): void => void setTimeout(fn, 0)
  const ok = (o: Options, res: Options = {}) => later(() => { o.success?.(res); o.complete?.(res) })
  const fail = (o: Options, error: number, errorMessage: string) => later(() => { o.fail?.({ error, errorMessage }); o.complete?.() })
  const record = (api: string, o: Options) => device.calls.push({ api, options: o })
  const notAllowed = (list: 'uploadFile' | 'downloadFile' | 'request', url: string) => {
    const allowed = device.allowlist?.[list]
    return allowed !== undefined && !allowed.includes(new URL(url).origin)
  }

  const api: Record<string, (o: Options) => unknown> = {
    getSystemInfoSync: () => ({ platform: 'iOS', version: '10.5.0' }),
    // The client's own answer: false for what this client version lacks (profile.missing).
    canIUse: ((name: string) => typeof api[name] === 'function') as never,
    request(o) {
      record('request', o)
      const status = (code: number) => (profile.stringStatusCode ? String(code) : code)
      if (notAllowed('request', o.url)) fail(o, 11, '无权跨域')
      else {
        httpRequest(device.route(o.url), o.method ?? 'GET', o.headers ?? {}).then((res) => {
          const text = res.body.toString('utf8')
          let data: unknown = text
          if ((o.dataType ?? 'json') === 'json') {
            try { data = JSON.parse(text) } catch { return fail(o, 14, 'JSON parse data error') }
          }
          const answer = { data, status: status(res.statusCode), headers: res.headers }
          if (res.statusCode < 200 || res.statusCode > 299) later(() => { o.fail?.({ error: 19, errorMessage: 'http status error', ...answer }); o.complete?.() })
          else ok(o, answer)
        }, () => fail(o, 12, '网络出错'))
      }
      return { abort: () => undefined }
    },
    chooseImage(o) {
      record('chooseImage', o)
      const count = o.count ?? 1
      if (count > 9) return fail(o, 2, '参数错误：count 最大为 9')
      if (device.cancelPicker) return fail(o, 11, '用户取消操作')
      const files = device.album.slice(0, count)
      const paths = files.map((f) => tempPath(device, f.name))
      ok(o, { apFilePaths: paths, tempFilePaths: paths, tempFiles: files.map((f) => ({ path: tempPath(device, f.name), size: f.size })) })
    },
    uploadFile(o) {
      record('uploadFile', o)
      const progress: Callback[] = []
      const headers: Callback[] = []
      let request: { abort(): void } | undefined
      let settled = false
      const finish = (fn: () => void) => { if (!settled) { settled = true; fn() } }
      later(() => {
        if (settled) return
        if (!['image', 'video', 'audio'].includes(o.fileType)) return finish(() => fail(o, 2, 'fileType 参数错误，只接受 image / video / audio'))
        const field = o.fileName ?? o.name
        if (typeof field !== 'string' || !o.filePath || !o.url) return finish(() => fail(o, 2, '缺少 url、filePath 或 fileName'))
        if (notAllowed('uploadFile', o.url)) return finish(() => fail(o, 4, '无权跨域'))
        const file = localFile(device, o.filePath)
        if (!file) return finish(() => fail(o, 11, '文件不存在'))
        const post = multipartPost({
          url: device.route(o.url), fields: o.formData ?? {}, fileField: field, filePath: file, headers: o.header ?? o.headers,
          onProgress: (sent, total) => progress.forEach((cb) => cb({ progress: Math.round((sent / total) * 100), totalBytesWritten: sent, totalBytesExpectedToWrite: total })),
          onHeaders: (header) => headers.forEach((cb) => cb({ header })),
        })
        request = post
        post.done.then(
          (res) => finish(() => ok(o, { data: res.body.toString('utf8'), statusCode: profile.stringStatusCode ? String(res.statusCode) : res.statusCode, header: res.headers })),
          () => finish(() => fail(o, 12, '上传文件失败')))
      })
      return {
        onProgressUpdate: (cb: Callback) => progress.push(cb),
        onHeadersReceived: (cb: Callback) => headers.push(cb),
        abort: () => { request?.abort(); finish(() => fail(o, 9, 'uploadFile:fail abort')) },
      }
    },
    downloadFile(o) {
      record('downloadFile', o)
      if (notAllowed('downloadFile', o.url)) fail(o, 4, '无权跨域')
      else {
        httpGet(device.route(o.url)).then((res) => {
          const name = `download_${++counter}.image`
          writeFileSync(join(device.dir, name), res.body)
          ok(o, { apFilePath: tempPath(device, name), statusCode: res.statusCode })
        }, () => fail(o, 12, '下载文件失败'))
      }
      return { abort: () => undefined, onProgressUpdate: () => undefined }
    },
    getSetting(o) {
      record('getSetting', o)
      ok(o, { authSetting: { ...device.authSetting } })
    },
    openSetting(o) {
      record('openSetting', o)
      if ('writePhotosAlbum' in device.authSetting) device.authSetting.writePhotosAlbum = device.settingsAnswer === 'allow'
      ok(o, { authSetting: { ...device.authSetting } })
    },
    showAuthGuide(o) {
      record('showAuthGuide', o)
      ok(o, { shown: true })
    },
    saveImageToPhotosAlbum(o) {
      record('saveImageToPhotosAlbum', o)
      if (!o.filePath) return fail(o, 2, '参数无效，没有传 filePath 参数')
      // opendocs my.saveImageToPhotosAlbum: a local file or a network URL; 17 "一般情况下由于 filePath 的值不符合要求导致".
      if (!localFile(device, o.filePath) && !/^https?:\/\//.test(o.filePath)) return fail(o, 17, '保存图片过程中的其他错误')
      if (device.authSetting.writePhotosAlbum === undefined) device.authSetting.writePhotosAlbum = device.authorizeAnswer === 'allow'
      if (!device.authSetting.writePhotosAlbum) {
        return profile.refusalError === 17 ? fail(o, 17, '保存图片过程中的其他错误') : fail(o, 15, '没有开启相册权限')
      }
      device.saved.push(o.filePath)
      ok(o, { success: true })
    },
    saveImage(o) {
      record('saveImage', o)
      if (!/^https?:\/\//.test(o.url ?? '')) return fail(o, 2, '参数错误：url')
      device.saved.push(o.url)
      ok(o, { success: true })
    },
    compressImage(o) {
      record('compressImage', o)
      if (!Array.isArray(o.apFilePaths)) return fail(o, 2, '参数错误：apFilePaths')
      const out = o.apFilePaths.map((path: string) => {
        const name = `compressed_${++counter}.image`
        copyFileSync(localFile(device, path)!, join(device.dir, name))
        return tempPath(device, name)
      })
      ok(o, { apFilePaths: out })
    },
    previewImage(o) {
      record('previewImage', o)
      ok(o, { success: true })
    },
  }
  for (const name of profile.missing ?? []) delete api[name]
  return api
}
