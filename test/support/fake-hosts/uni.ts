// A fake `uni` (uni-app Vue 3) over the fake host globals, built the way uni's runtime builds it (read in
// @dcloudio/uni-mp-weixin, uni-mp-alipay and uni-h5 3.0.0-4080720251210001, dist/*.esm.js / uni-h5.es.js):
// - An async API called with success/fail/complete returns what the host returns (its task); called without, a bare
//   Promise: no abort, no onProgressUpdate (dcloudio/uni-app#3607). Sync, on*/off* and create* APIs are not wrapped.
// - An API the host lacks is undefined, unless uni has a protocol for it (then calling it throws).
// - getSystemInfoSync and getAppBaseInfo add `uniPlatform` (the build's UNI_PLATFORM; 'web' on H5).
// - mp-alipay: every async result gets an errMsg, and a failure's `{error, errorMessage}` becomes
//   `<api>:fail <errorMessage>` (the code is dropped); uploadFile name → fileName; downloadFile apFilePath →
//   tempFilePath; chooseImage apFilePaths → tempFilePaths/tempFiles; compressImage {src, quality} → {apFilePaths,
//   compressLevel: floor(quality / 26)} and apFilePaths[0] → tempFilePath; request header → headers (lower-cased,
//   JSON content type by default), responseType dropped, status → statusCode, headers → header; previewImage current
//   URL → index; saveImageToPhotosAlbum → saveImage (filePath → url) on clients without it.
// - web (uni-h5): no chooseMedia, authorize, getSetting, openSetting or compressImage; chooseImage's tempFiles are
//   the picked Files; saveImageToPhotosAlbum fails "method 'uni.saveImageToPhotosAlbum' not supported"; UploadTask's
//   onHeadersReceived throws "Method not implemented."; an XHR error fails with a bare `uploadFile:fail`.
import type { Device } from './device'
import { createDevice } from './device'
import { createWxLike } from './wx-like'

export type UniPlatformName = 'mp-weixin' | 'mp-qq' | 'mp-alipay' | 'mp-toutiao' | 'mp-baidu' | 'mp-jd' | 'web' | 'app'

type Options = Record<string, any>
type Fn = (options?: Options) => any

interface Protocol {
  /** The host API called instead. */
  name?: string
  args?(options: Options): Options
  result?(res: Options): Options
}

const CALLBACKS = ['success', 'fail', 'complete']
// uni's shouldPromise: not for sync (…Sync, getAppBaseInfo…), context (create…, …Manager) and on/off APIs.
const NOT_PROMISED = /^on|^off|^create|Manager$|Sync$|^canIUse$|^getAppBaseInfo$|^getWindowInfo$|^getDeviceInfo$/

function promisify(name: string, fn: Fn): Fn {
  if (NOT_PROMISED.test(name)) return fn
  return (options: Options = {}) => {
    if (CALLBACKS.some((key) => typeof options[key] === 'function')) return fn({ ...options })
    return new Promise((resolve, reject) => void fn({ ...options, success: resolve, fail: reject }))
  }
}

function rename(value: Options, names: Record<string, string>): Options {
  const out: Options = {}
  for (const [key, v] of Object.entries(value)) out[names[key] ?? key] = v
  return out
}

/** uni-mp-alipay's returnValue, applied to every async API's results and failures. */
function alipayErrMsg(name: string, res: Options = {}): Options {
  const { error, errorMessage, ...rest } = res
  return error || errorMessage ? { ...rest, errMsg: `${name}:fail ${errorMessage || error}` } : { ...rest, errMsg: `${name}:ok` }
}

function alipayProtocols(my: Options): Record<string, Protocol> {
  return {
    uploadFile: { args: (o) => rename(o, { name: 'fileName' }) },
    downloadFile: { result: (r) => rename(r, { apFilePath: 'tempFilePath' }) },
    chooseImage: {
      result: (r) => {
        const tempFilePaths = r.tempFilePaths ?? r.apFilePaths
        return { ...r, tempFilePaths, tempFiles: r.tempFiles ?? tempFilePaths?.map((path: string) => ({ path })) }
      },
    },
    compressImage: {
      args: (o) => ({ ...o, compressLevel: o.quality ? Math.floor(o.quality / 26) : 4, ...(o.src ? { apFilePaths: [o.src] } : {}) }),
      result: (r) => (r.apFilePaths?.length ? { ...r, tempFilePath: r.apFilePaths[0] } : r),
    },
    request: {
      args: ({ header = {}, responseType: _dropped, ...o }) => {
        const headers: Options = { 'content-type': 'application/json' }
        for (const [key, value] of Object.entries(header)) headers[key.toLowerCase()] = value
        return { ...o, headers }
      },
      result: (r) => rename(r, { status: 'statusCode', headers: 'header' }),
    },
    previewImage: {
      args: (o) => (Number.isNaN(Number(o.current)) ? { ...o, current: Math.max(0, o.urls.indexOf(o.current)) } : o),
    },
    ...(typeof my.saveImageToPhotosAlbum === 'function' ? {} : {
      saveImageToPhotosAlbum: { name: 'saveImage', args: (o: Options) => rename(o, { filePath: 'url' }) },
    }),
  }
}

/** `uni` over the host global `api` of a uni build for `platform`. */
export function createFakeUni(platform: UniPlatformName, api: Options): Options {
  const alipay = platform === 'mp-alipay'
  const protocols: Record<string, Protocol> = alipay ? alipayProtocols(api) : {}
  for (const name of ['getSystemInfoSync', 'getAppBaseInfo']) {
    if (typeof api[name] === 'function') protocols[name] = { result: (info) => ({ ...info, uniPlatform: platform }) }
  }

  const uni: Options = {}
  for (const name of new Set([...Object.keys(api), ...Object.keys(protocols)])) {
    const protocol = protocols[name] ?? {}
    const target = api[protocol.name ?? name] as Fn | undefined
    if (typeof target !== 'function' && !protocols[name]) continue
    const sync = NOT_PROMISED.test(name)
    const result = (res: Options) => {
      const common = alipay && !sync ? alipayErrMsg(name, res) : res
      return protocol.result ? protocol.result(common) : common
    }
    const call = (options: unknown = {}) => {
      // Only an options object is processed (canIUse takes a string).
      if (typeof options !== 'object' || options === null) return (target as Fn)(options as Options)
      const given = options as Options
      const args = protocol.args ? protocol.args(given) : { ...given }
      for (const key of CALLBACKS) if (typeof given[key] === 'function') args[key] = (res: Options) => given[key](result(res))
      // A protocol without the host API behind it: uni calls it anyway.
      const returned = (target as Fn)(args)
      return sync && returned && typeof returned === 'object' ? result(returned) : returned
    }
    uni[name] = promisify(name, call)
  }
  return uni
}

/** uni-h5 over the browser, played by the WeChat-like fake with uni-h5's shapes; `device` is the browser's files. */
export function createFakeUniH5(overrides: Partial<Device> = {}): { uni: Options; device: Device } {
  const device = createDevice('blob:http://localhost/', overrides)
  const browser = createWxLike(device, {
    sdkVersion: '', chooseImageMax: 9, settingKey: '', uploadTimeout: true, headersReceived: false, privacyChecks: false,
    missing: ['getSetting', 'openSetting', 'compressImage'],
  }) as Options
  const h5: Options = {
    ...browser,
    chooseImage: (o: Options) => browser.chooseImage({
      ...o,
      success: (res: Options) => o.success?.({
        ...res,
        tempFiles: res.tempFiles.map((file: Options, i: number) => ({ ...file, type: device.album[i].type, name: device.album[i].name })),
      }),
    }),
    uploadFile: (o: Options) => {
      const task = browser.uploadFile({
        ...o,
        // xhr.onerror rejects with no reason; abort and timeout keep theirs.
        fail: (res: Options) => o.fail?.(/:fail (abort|timeout)$/.test(res.errMsg) ? res : { errMsg: 'uploadFile:fail' }),
      })
      return { ...task, onHeadersReceived: () => { throw new Error('Method not implemented.') } }
    },
    saveImageToPhotosAlbum: (o: Options) => {
      device.calls.push({ api: 'saveImageToPhotosAlbum', options: o })
      setTimeout(() => o.fail?.({ errMsg: "saveImageToPhotosAlbum:fail method 'uni.saveImageToPhotosAlbum' not supported" }), 0)
    },
  }
  return { uni: createFakeUni('web', h5), device }
}
