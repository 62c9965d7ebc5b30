// The only place that reads Taro: its API functions and the build target. Each API is accessed as a literal
// `Taro.x` so that on H5 babel-plugin-transform-taroapi can rewrite it into taro-h5's named export (its default
// export lacks them).
import Taro from '@tarojs/taro'
import { hostFailure, unsupportedApi, type FailureContext } from './errors'
import type { HostId } from './types'

const KNOWN: HostId[] = ['weapp', 'qq', 'alipay', 'tt', 'swan', 'jd', 'h5']

/**
 * The Taro build target. The app's Taro build replaces the literal `process.env.TARO_ENV` (DefinePlugin); where
 * nothing did, there is no `process` in a mini program: then the host is unknown (and gated), not a crash.
 */
export function hostId(): HostId {
  let env: string | undefined
  try {
    env = process.env.TARO_ENV
  } catch {
    env = undefined
  }
  return KNOWN.indexOf(env as HostId) >= 0 ? (env as HostId) : 'unknown'
}

type HostFn = (options?: Record<string, unknown>) => unknown

function apis() {
  const loose = Taro as unknown as Record<string, HostFn | undefined>
  return {
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
  } as unknown as Record<ApiName, HostFn | undefined>
}

export type ApiName =
  | 'chooseMedia' | 'chooseImage' | 'uploadFile' | 'request' | 'downloadFile' | 'getSetting' | 'authorize' | 'openSetting'
  | 'saveImageToPhotosAlbum' | 'compressImage' | 'previewImage' | 'showModal' | 'getAppBaseInfo' | 'getSystemInfoSync' | 'saveImage'

/** On mini hosts Taro leaves an API undefined when the host global lacks it. H5 stubs are functions: gate H5 by table. */
export function hasApi(name: ApiName): boolean {
  return typeof apis()[name] === 'function'
}

/** Calls with the host's own callback arguments (what every host and Taro version honours), returns the raw result. */
export function rawApi(name: ApiName): HostFn | undefined {
  return apis()[name]
}

/**
 * Calls a host API with success/fail callbacks: works whether Taro promisified it (most) or passes it through
 * (chooseMedia, Alipay saveImage). Rejects with a HostError.
 */
export function callApi<T>(name: ApiName, options: Record<string, unknown>, context: Omit<FailureContext, 'api'> = {}): Promise<T> {
  const fn = apis()[name]
  return new Promise<T>((resolve, reject) => {
    const fail = (raw: unknown) => reject(hostFailure(raw, { ...context, api: name }))
    if (typeof fn !== 'function') return reject(unsupportedApi(name))
    try {
      const returned = fn({ ...options, success: resolve, fail }) as Promise<unknown> | undefined
      // A promisified API also rejects its own promise with the failure the callback already got.
      if (returned && typeof returned.then === 'function') returned.then(undefined, () => undefined)
    } catch (error) {
      fail(error)
    }
  })
}

/** The host's base library version ('' when unknown). */
export function sdkVersion(): string {
  for (const name of ['getAppBaseInfo', 'getSystemInfoSync'] as const) {
    try {
      const info = apis()[name]?.() as { SDKVersion?: string } | undefined
      if (info?.SDKVersion) return info.SDKVersion
    } catch {
      // Older base libraries lack getAppBaseInfo.
    }
  }
  return ''
}
