// The Taro adapter, the only place that reads Taro: its API functions and the build target. Each API is accessed as
// a literal `Taro.x` so that on H5 babel-plugin-transform-taroapi can rewrite it into taro-h5's named export (its
// default export lacks them).
import Taro from '@tarojs/taro'
import { alipayCompressLevel } from './compress-image'
import { browserApi } from './h5'
import { hostOn } from './host'
import type { CapabilityOptions, HostApi, HostCallbacks, HostId, UploaderHost } from './types'

const MINI_HOSTS: HostId[] = ['weapp', 'qq', 'alipay', 'tt', 'swan', 'jd']

/** The Taro build target other than H5 (createTaroHost tests that first); one we don't know is gated. */
function miniPlatform(): HostId {
  const env = process.env.TARO_ENV as HostId
  return MINI_HOSTS.indexOf(env) >= 0 ? env : 'unknown'
}

/** Taro's API object as the host layer calls it. Taro's own types are narrower per API than the WeChat shapes. */
function taroApi(host: HostId): HostApi {
  const loose = Taro as unknown as Record<string, unknown>
  const api = {
    chooseMedia: Taro.chooseMedia,
    chooseImage: Taro.chooseImage,
    uploadFile: Taro.uploadFile,
    request: Taro.request,
    downloadFile: Taro.downloadFile,
    getSetting: Taro.getSetting,
    authorize: Taro.authorize,
    openSetting: Taro.openSetting,
    saveImageToPhotosAlbum: Taro.saveImageToPhotosAlbum,
    compressImage: Taro.compressImage,
    // Not the literal: on H5 it would import Taro H5's swiper-based viewer (~200 KB) into every app, even unused;
    // H5 previews with its own (h5-preview.ts), and on mini hosts Taro's object has the host's previewImage.
    previewImage: loose.previewImage,
    showModal: Taro.showModal,
    getAppBaseInfo: Taro.getAppBaseInfo,
    getSystemInfoSync: Taro.getSystemInfoSync,
    // Alipay only: the older save-by-URL API, which Taro passes through without a promise.
    saveImage: loose.saveImage,
  } as unknown as HostApi
  return host === 'alipay' && api.compressImage ? { ...api, compressImage: alipayCompress(api.compressImage) } : api
}

type AlipayCompress = (options: { apFilePaths: string[]; compressLevel: number } & HostCallbacks<{ apFilePaths?: string[] }>) => unknown

/** my.compressImage takes {apFilePaths, compressLevel} and Taro doesn't adapt it (uni does). */
function alipayCompress(compress: NonNullable<HostApi['compressImage']>): HostApi['compressImage'] {
  const my = compress as unknown as AlipayCompress
  return ({ src, quality, success, fail }) => my({
    apFilePaths: [src], compressLevel: alipayCompressLevel(quality),
    success: (res) => success?.({ tempFilePath: res.apFilePaths?.[0] }),
    fail,
  })
}

/**
 * The host over Taro: pass it (or a fake of it) to the component and the upload engine. `options` is the default of
 * its capabilities() and what its uploadForm is gated by.
 */
export function createTaroHost(options: CapabilityOptions = {}): UploaderHost {
  // By the literal `process.env.TARO_ENV`, which the app's Taro build replaces (as it does for Taro's own runtime,
  // which reads it the same way), in one if/else: webpack then doesn't even walk the branch the build doesn't take,
  // so an H5 build imports none of Taro H5's API shims (taroApi unused), a mini-program build drops the browser's (h5.ts).
  if (process.env.TARO_ENV === 'h5') {
    return hostOn({ api: browserApi(), id: 'h5' }, options)
  } else {
    const host = miniPlatform()
    return hostOn({ api: taroApi(host), id: host }, options)
  }
}
