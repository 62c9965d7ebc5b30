// The "phone" behind a fake host: files in its album and temp dir (real files, so uploads send real bytes),
// the user's answers to pickers and prompts, permission and privacy state, and a log of every API call.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface AlbumImage { name: string; size: number; width: number; height: number; type: string }

export interface Device {
  /** Images the user will select, in order (the picker returns the first `count`). */
  album: AlbumImage[]
  /** The user closes the picker. */
  cancelPicker: boolean
  /** WeChat/Douyin privacy: 'undeclared' = not in the privacy agreement, 'refused' = the user declined the popup. */
  privacy: 'agreed' | 'undeclared' | 'refused'
  /** authSetting as the host reports it. */
  authSetting: Record<string, boolean>
  /** The user's tap in the authorize popup. */
  authorizeAnswer: 'allow' | 'deny'
  /** What the user switches in the settings page. */
  settingsAnswer: 'allow' | 'deny'
  /** Server domains (origins) the mini program allowlists; undefined = check off (DevTools "不校验合法域名"). */
  allowlist?: { uploadFile?: string[]; downloadFile?: string[]; request?: string[] }
  /** Paths written to the photo album. */
  saved: string[]
  calls: Array<{ api: string; options: Record<string, unknown> }>
  /** True only while a tap handler runs (see `tap`). */
  tapping: boolean
  dir: string
  /** Temp path scheme, e.g. `http://tmp/` (WeChat DevTools), `https://resource/` (Alipay). */
  tempPrefix: string
  /** The test network: where a URL really goes (e.g. a build's fixed emulator port → this test's port). */
  route: (url: string) => string
  /** The app's local storage (getStorageSync/setStorageSync). */
  storage: Record<string, unknown>
}

const created: string[] = []
afterAll(() => created.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })))

export function createDevice(tempPrefix: string, overrides: Partial<Device> = {}): Device {
  const dir = mkdtempSync(join(tmpdir(), 'fake-host-'))
  created.push(dir)
  return {
    album: [], cancelPicker: false, privacy: 'agreed', authSetting: {}, authorizeAnswer: 'allow', settingsAnswer: 'allow',
    saved: [], calls: [], tapping: false, route: (url) => url, storage: {}, dir, tempPrefix, ...overrides,
  }
}

/** Puts an image of `size` random bytes in the album; returns it. */
export function addPhoto(device: Device, name: string, size: number, extra: Partial<AlbumImage> = {}): AlbumImage & { bytes: Buffer } {
  const bytes = randomBytes(size)
  writeFileSync(join(device.dir, name), bytes)
  const image = { name, size, width: 640, height: 480, type: 'image/jpeg', ...extra }
  device.album.push(image)
  return { ...image, bytes }
}

export function tempPath(device: Device, name: string): string {
  return device.tempPrefix + name
}

/** The real file behind a host temp path, or undefined when the path isn't one of this device's. */
export function localFile(device: Device, path: string): string | undefined {
  return typeof path === 'string' && path.startsWith(device.tempPrefix) ? join(device.dir, path.slice(device.tempPrefix.length)) : undefined
}

/** Runs `handler` as a user tap (WeChat only allows openSetting from one). */
export function tap<T>(device: Device, handler: () => T): T {
  device.tapping = true
  try {
    return handler()
  } finally {
    device.tapping = false
  }
}

export function callsTo(device: Device, api: string): Array<Record<string, unknown>> {
  return device.calls.filter((call) => call.api === api).map((call) => call.options)
}
