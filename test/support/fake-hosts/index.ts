// Per-host fakes installed as the host global, with Taro built over them exactly as a mini build does it:
// the platform plugin's runtime registers initNativeApi, then @tarojs/taro runs it (processApis over the global).
import type { Device } from './device'
import { createDevice } from './device'
import { createMy } from './my'
import type { MyProfile } from './my'
import { createWxLike } from './wx-like'
import type { WxLikeProfile } from './wx-like'

export * from './device'

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

type HostModule = typeof import('../../../src/lib/hosts')
type ErrorsModule = typeof import('../../../src/lib/core/errors')

/**
 * Installs `api` as the host global, builds Taro over it with the platform's real runtime, and loads the host
 * layer against that Taro with TARO_ENV set, in an isolated module registry.
 */
export function loadHost(host: MiniHost | 'h5' | 'unknown', api?: Record<string, unknown>): { hosts: HostModule; errors: ErrorsModule; taro: any } {
  const g = globalThis as Record<string, unknown>
  process.env.TARO_ENV = host === 'unknown' ? ('rn' as never) : host
  let hosts: HostModule | undefined
  let errors: ErrorsModule | undefined
  let taro: any
  jest.isolateModules(() => {
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
    hosts = require('../../../src/lib/hosts')
    errors = require('../../../src/lib/core/errors')
    // A fresh registry has a fresh text table: English registered again, as in test/support/locale-en.ts.
    require('../../../src/lib/core/messages').registerLocale('en', require('../../../src/lib/locale/en').en)
  })
  // The error classes of the same (isolated) module registry, for instanceof checks.
  return { hosts: hosts!, errors: errors!, taro }
}
