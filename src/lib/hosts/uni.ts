// The uni-app adapter, the only place that reads `uni`: the platform from the build (UNI_PLATFORM) or the runtime
// (uniPlatform), and uni's API object, which the shared host functions call in WeChat's shapes with callbacks (uni
// adapts each mini host's differences, e.g. Alipay's compressImage and errMsg).
import { alipayCompressLevel } from './compress-image'
import { browserApi } from './h5'
import { createHost, hostOn } from './host'
import type { ApiName, CapabilityOptions, HostApi, HostId, UploaderHost } from './types'

/** uni's API object, as much of it as the host layer uses: getSystemInfoSync also tells the platform. */
export interface UniApi extends HostApi {
  getSystemInfoSync?(): { SDKVersion?: string; uniPlatform?: string }
  canIUse?(name: string): boolean
}

export interface UniHostOptions extends CapabilityOptions {
  /** The API object; default: the app's `uni`. */
  uni?: UniApi
}

// uni's platform names (uniapp.dcloud.io/api/system/info `uniPlatform`; the build's UNI_PLATFORM says `h5` where the
// runtime says `web`) → ours. Anything else (app, mp-lark, mp-kuaishou, mp-360, mp-harmony, quickapp-webview…) is
// unknown, and gated.
const PLATFORMS = new Map<string, HostId>([
  ['mp-weixin', 'weapp'], ['mp-qq', 'qq'], ['mp-alipay', 'alipay'], ['mp-toutiao', 'tt'], ['mp-baidu', 'swan'], ['mp-jd', 'jd'],
  ['web', 'h5'], ['h5', 'h5'],
])

// A module-scoped declaration, not a global one: uni-app's build injects `uni` into every module that names it.
declare const uni: UniApi | undefined

/**
 * The uni-app platform: the app's build replaces `process.env.UNI_PLATFORM`; where nothing did (no `process` in a
 * mini program), uni's runtime tells (uniPlatform, uni-app 3.4.10+). Neither names a host we know: unknown.
 */
export function uniPlatform(api: UniApi | undefined): HostId {
  let name: string | undefined
  try {
    name = process.env.UNI_PLATFORM
  } catch {
    name = undefined
  }
  if (!name) {
    try {
      name = api?.getSystemInfoSync?.().uniPlatform
    } catch {
      name = undefined
    }
  }
  return (name && PLATFORMS.get(name)) || 'unknown'
}

// Every HostApi member (the type makes the list whole), read from `uni` once: on mini hosts `uni` is a Proxy over the
// host global, which spreads to {}.
const MEMBERS: Record<ApiName, true> = {
  chooseMedia: true, chooseImage: true, uploadFile: true, request: true, downloadFile: true, getSetting: true, authorize: true,
  openSetting: true, saveImageToPhotosAlbum: true, saveImage: true, compressImage: true, previewImage: true, showModal: true,
  getAppBaseInfo: true, getSystemInfoSync: true,
}

/** `uni` as the host layer calls it, with what uni-mp-alipay does differently from Taro adapted back. */
function uniApi(uni: UniApi, host: HostId): HostApi {
  const api: Record<string, unknown> = {}
  for (const name of Object.keys(MEMBERS) as ApiName[]) api[name] = uni[name]
  const members = api as HostApi
  if (host !== 'alipay') return members
  const { compressImage } = members
  return {
    ...members,
    // uni sends compressLevel floor(quality / 26), where 3 means "don't compress": ask for the level we mean.
    compressImage: compressImage && ((options) => compressImage({ ...options, quality: alipayCompressLevel(options.quality) * 26 + 1 })),
    // Where the client lacks it uni calls my.saveImage({url: filePath}), which takes online URLs only: missing, the
    // host saves by URL (my.saveImage) as it does on Taro.
    saveImageToPhotosAlbum: uni.canIUse?.('saveImageToPhotosAlbum') === false ? undefined : members.saveImageToPhotosAlbum,
  }
}

/**
 * The app's `uni`, each member named literally: uni-app's H5 release build (API tree shaking, on by default) leaves the
 * global `uni` empty and imports exactly the `uni.x` that the sources name, in node_modules too.
 */
function appUni(): UniApi | undefined {
  if (typeof uni === 'undefined') return undefined
  return {
    chooseMedia: uni.chooseMedia, chooseImage: uni.chooseImage, uploadFile: uni.uploadFile, request: uni.request,
    downloadFile: uni.downloadFile, getSetting: uni.getSetting, authorize: uni.authorize, openSetting: uni.openSetting,
    saveImageToPhotosAlbum: uni.saveImageToPhotosAlbum, saveImage: uni.saveImage, compressImage: uni.compressImage,
    previewImage: uni.previewImage, showModal: uni.showModal, getAppBaseInfo: uni.getAppBaseInfo,
    getSystemInfoSync: uni.getSystemInfoSync, canIUse: uni.canIUse,
  }
}

/**
 * The host over uni-app's `uni`: pass it to the component and the upload engine. The capability options are the
 * default of its capabilities() and what its uploadForm is gated by.
 */
export function createUniHost(options: UniHostOptions = {}): UploaderHost {
  const { uni: given, ...gate } = options
  // By the literal `process.env.UNI_PLATFORM`, which uni's build (vite or vue-cli) always replaces, in one if/else: an
  // H5 build then references no uni.* API, a mini-program build drops the browser's H5 host (h5.ts).
  if (process.env.UNI_PLATFORM === 'h5') {
    return hostOn({ api: browserApi(), id: 'h5' }, gate)
  } else {
    const api = given ?? appUni()
    const host = uniPlatform(api)
    const members = api ? uniApi(api, host) : {}
    // uni's runtime said web without that build: uni-h5's own APIs, saving by download (createHost).
    return host === 'h5' ? createHost(members, host, gate) : hostOn({ api: members, id: host }, gate)
  }
}
