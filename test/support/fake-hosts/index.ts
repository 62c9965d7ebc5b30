// Per-host fakes installed as the host global, with Taro built over them exactly as a mini build does it (the
// platform plugin's runtime registers initNativeApi, then @tarojs/taro runs it: processApis over the global), or a
// fake `uni` over them as uni's runtime builds it (uni.ts).
import type { FormUploadRequest, FormUploadTask } from '../../../src/lib/core/transport'
import type { CapabilityOptions, UploaderHost } from '../../../src/lib/hosts'
import type { Device } from './device'
import { createDevice } from './device'
import { createMy } from './my'
import type { MyProfile } from './my'
import { createFakeUni, createFakeUniH5, type UniPlatformName } from './uni'
import { createWxLike } from './wx-like'
import type { WxLikeProfile } from './wx-like'

export * from './device'
export { createFakeUni, createFakeUniH5 } from './uni'

export type MiniHost = 'weapp' | 'qq' | 'alipay' | 'tt' | 'swan' | 'jd'

export const GLOBALS: Record<MiniHost, string> = { weapp: 'wx', qq: 'qq', alipay: 'my', tt: 'tt', swan: 'swan', jd: 'jd' }

const TEMP_PREFIX: Record<MiniHost, string> = {
  weapp: 'http://tmp/', qq: 'qqfile://tmp_', alipay: 'https://resource/', tt: 'ttfile://temp/', swan: 'bdfile://tmp/', jd: 'jdfile://tmp_',
}

const PROFILES: Record<Exclude<MiniHost, 'alipay'>, WxLikeProfile> = {
  // WeChat: chooseMedia since 2.10.0 (count ≤ 20 since 2.25.0), authorize scope.writePhotosAlbum, privacy checks,
  // UploadTask.onHeadersReceived since 2.1.0 (miniprogram-api-typings).
  weapp: { sdkVersion: '3.4.0', chooseMediaMax: 20, chooseImageMax: 9, albumScope: 'scope.writePhotosAlbum', settingKey: 'scope.writePhotosAlbum',
    uploadTimeout: true, headersReceived: true, privacyChecks: true },
  // QQ: no chooseMedia (uni table), otherwise WeChat's shapes; its UploadTask is `?` in the matrix: no onHeadersReceived.
  qq: { sdkVersion: '1.60.0', chooseImageMax: 9, albumScope: 'scope.writePhotosAlbum', settingKey: 'scope.writePhotosAlbum',
    uploadTimeout: true, headersReceived: false, privacyChecks: false },
  // Douyin: chooseMedia since 2.41.0 (≤ 20), album scope is scope.album, privacy checks (usePrivacyCheck);
  // UploadTask documents onProgressUpdate and abort only (TT-typ upload-file.d.ts).
  tt: { sdkVersion: '3.20.0', chooseMediaMax: 20, chooseImageMax: 9, albumScope: 'scope.album', settingKey: 'scope.album',
    uploadTimeout: true, headersReceived: false, privacyChecks: true },
  // Baidu: no chooseMedia, uploadFile documents no timeout, fail results carry errCode.
  swan: { sdkVersion: '3.200.0', chooseImageMax: 9, albumScope: 'scope.writePhotosAlbum', settingKey: 'scope.writePhotosAlbum',
    uploadTimeout: false, headersReceived: false, privacyChecks: false, failExtra: { errCode: 1001 } },
  // JD: chooseMedia, no authorize; its UploadTask is `?` in the matrix: no onHeadersReceived.
  jd: { sdkVersion: '2.0.0', chooseMediaMax: 20, chooseImageMax: 9, settingKey: 'scope.writePhotosAlbum',
    uploadTimeout: true, headersReceived: false, privacyChecks: false },
}

export interface FakeHostOptions {
  device?: Partial<Device>
  profile?: Partial<WxLikeProfile & MyProfile>
}

export function createFakeHost(host: MiniHost, options: FakeHostOptions = {}): { api: Record<string, unknown>; device: Device } {
  const device = createDevice(TEMP_PREFIX[host], options.device)
  const api = host === 'alipay'
    ? createMy(device, { stringStatusCode: true, ...options.profile })
    : createWxLike(device, { ...PROFILES[host], ...options.profile })
  return { api, device }
}

type ErrorsModule = typeof import('../../../src/lib/core/errors')

/** The two adapters over one host implementation: the host suites run against each. */
export type Adapter = 'taro' | 'uni'
export const ADAPTERS: Adapter[] = ['taro', 'uni']

const UNI_PLATFORMS: Record<MiniHost, UniPlatformName> = {
  weapp: 'mp-weixin', qq: 'mp-qq', alipay: 'mp-alipay', tt: 'mp-toutiao', swan: 'mp-baidu', jd: 'mp-jd',
}

/** The host as the suites call it: the adapter's default host, and for uploadForm a gate made per call. */
export interface HostUnderTest extends UploaderHost {
  /** The adapter's host made with `options` (createTaroHost(options) / createUniHost(options)). */
  create(options?: CapabilityOptions): UploaderHost
  uploadForm(request: FormUploadRequest, gate?: CapabilityOptions): FormUploadTask
  head: NonNullable<UploaderHost['head']>
}

export interface LoadedHost {
  hosts: HostUnderTest
  /** The error classes of the same (isolated) module registry, for instanceof checks. */
  errors: ErrorsModule
  /** Taro as built over the fake (taro adapter). */
  taro?: any
  /** The fake `uni` (uni adapter). */
  uni?: Record<string, any>
  /** uni-h5's browser files (uni adapter on h5). */
  device?: Device
}

function underTest(create: (options?: CapabilityOptions) => UploaderHost): HostUnderTest {
  const host = create()
  return { ...host, head: host.head!, create, uploadForm: (request, gate) => (gate ? create(gate) : host).uploadForm(request) }
}

/**
 * Loads the host layer in an isolated module registry over the fake host global `api` with one adapter:
 * - taro: installs `api` as the host global, builds Taro over it with the platform's real runtime, sets TARO_ENV;
 *   h5 is the real taro-h5; unknown has TARO_ENV 'rn'.
 * - uni: a fake `uni` over `api` (mirroring uni's runtime, uni.ts) for that platform; h5 is uni-h5 over a fake
 *   browser, built as uni's build does it (UNI_PLATFORM 'h5'); unknown is uni's App platform ('app').
 */
export function loadHost(host: MiniHost | 'h5' | 'unknown', api?: Record<string, unknown>, adapter: Adapter = 'taro'): LoadedHost {
  return adapter === 'uni' ? loadUni(host, api) : loadTaro(host, api)
}

function loadTaro(host: MiniHost | 'h5' | 'unknown', api?: Record<string, unknown>): LoadedHost {
  const g = globalThis as Record<string, unknown>
  process.env.TARO_ENV = host === 'unknown' ? ('rn' as never) : host
  let loaded: LoadedHost | undefined
  jest.isolateModules(() => {
    let taro: any
    if (host !== 'h5' && host !== 'unknown') {
      g[GLOBALS[host]] = api
      // Taro's equipCommonApis reads these mini-program globals.
      g.getCurrentPages ??= () => []
      g.getApp ??= () => ({})
      require(`@tarojs/plugin-platform-${host}/dist/runtime`)
      taro = require(require.resolve('@tarojs/taro/index.js'))
      jest.doMock('@tarojs/taro', () => taro)
    } else {
      jest.dontMock('@tarojs/taro')
      taro = require('@tarojs/taro')
    }
    const { createTaroHost } = require('../../../src/lib/hosts/taro') as typeof import('../../../src/lib/hosts/taro')
    loaded = { hosts: underTest(createTaroHost), errors: loadErrors(), taro }
  })
  return loaded!
}

function loadUni(host: MiniHost | 'h5' | 'unknown', api?: Record<string, unknown>): LoadedHost {
  let uni: Record<string, any>
  let device: Device | undefined
  if (host === 'h5') ({ uni, device } = createFakeUniH5())
  else if (host === 'unknown') uni = createFakeUni('app', api ?? createFakeHost('weapp').api)
  else uni = createFakeUni(UNI_PLATFORMS[host], api ?? createFakeHost(host).api)
  // uni's build defines UNI_PLATFORM (h5 on H5), which decides the browser's H5 host; mini hosts tell at run time.
  if (host === 'h5') process.env.UNI_PLATFORM = 'h5'
  else delete process.env.UNI_PLATFORM
  let loaded: LoadedHost | undefined
  jest.isolateModules(() => {
    const { createUniHost } = require('../../../src/lib/hosts/uni') as typeof import('../../../src/lib/hosts/uni')
    loaded = { hosts: underTest((options) => createUniHost({ ...options, uni })), errors: loadErrors(), uni, ...(device && { device }) }
  })
  return loaded!
}

function loadErrors(): ErrorsModule {
  // A fresh registry has a fresh text table: English registered again, as in test/support/locale-en.ts.
  require('../../../src/lib/core/messages').registerLocale('en', require('../../../src/lib/locale/en').en)
  return require('../../../src/lib/core/errors')
}
