// Save to the album with the full permission flow (hosts-matrix §3):
// getSetting → authorize (where the host has it) → save; a previous refusal fails fast with 'permission-denied',
// and the UI's tap handler calls openSetting / openSettingAndSave. H5 can only download: 'downloaded', never 'saved'.
import { invalidInput, type HostError } from '../core/errors'
import { capabilities, requireCapability } from './capabilities'
import { download, isRemoteUrl } from './download'
import { hostFailure, unsupported, unsupportedApi } from './errors'
import { callApi, hasApi, type Platform } from './platform'
import { reasons } from './reasons'
import type { HostId, SaveResult } from './types'

type AuthSetting = Record<string, boolean | undefined>

/** The authSetting key for album writes: tt uses scope.album, Alipay has no `scope.` prefix. */
function albumScope(host: HostId): string {
  return host === 'tt' ? 'scope.album' : host === 'alipay' ? 'writePhotosAlbum' : 'scope.writePhotosAlbum'
}

function permissionDenied(host: HostId) {
  return hostFailure({ errMsg: 'authorize:fail auth deny' }, { api: 'authorize', host })
}

async function albumSetting(platform: Platform): Promise<boolean | undefined> {
  const res = await callApi<{ authSetting?: AuthSetting }>(platform, 'getSetting', {})
  return res.authSetting?.[albumScope(platform.id)]
}

export async function saveImageToAlbum(platform: Platform, pathOrUrl: string): Promise<SaveResult> {
  if (typeof pathOrUrl !== 'string' || !pathOrUrl) {
    throw invalidInput('invalid-file-path', { path: pathOrUrl }, { what: 'to-save' })
  }
  requireCapability(platform, 'saveToAlbum')
  const host = platform.id
  // What the capability falls back to: Alipay's save by URL, or on H5 a download.
  if (capabilities(platform).saveToAlbum.reason?.code === 'save-by-url') return saveByUrl(platform, pathOrUrl)
  if (host !== 'h5' && hasApi(platform, 'authorize')) await ensureAlbumAccess(platform)
  // Download first everywhere: the WeChat-like hosts take local paths only, browsers ignore <a download> for
  // cross-origin URLs, and a failed download says why (HTTP status, allowlist) where a failed save can't (Alipay: 17).
  const filePath = isRemoteUrl(pathOrUrl) ? await download(platform, pathOrUrl) : pathOrUrl
  if (host === 'h5') {
    try {
      await callApi(platform, 'saveImageToPhotosAlbum', { filePath })
    } finally {
      if (filePath !== pathOrUrl) releaseDownloadLater(filePath)
    }
    return 'downloaded'
  }
  try {
    await callApi(platform, 'saveImageToPhotosAlbum', { filePath })
    return 'saved'
  } catch (error) {
    // Without authorize (Alipay, JD) a refusal only shows here, and not always as one: the setting tells.
    if ((error as HostError).code === 'permission-denied' || hasApi(platform, 'authorize')) throw error
    if ((await albumSetting(platform).catch(() => undefined)) === false) throw permissionDenied(host)
    throw error
  }
}

/** How long the browser keeps a downloaded blob: URL: the download a link's click starts reads it after the click. */
export const DOWNLOAD_RELEASE_MS = 60_000

/** The blob: URL an H5 save downloaded holds the whole image until revoked; a path the caller gave stays theirs. */
function releaseDownloadLater(url: string): void {
  if (url.startsWith('blob:') && typeof URL.revokeObjectURL === 'function') {
    setTimeout(() => URL.revokeObjectURL(url), DOWNLOAD_RELEASE_MS)
  }
}

async function ensureAlbumAccess(platform: Platform): Promise<void> {
  const granted = await albumSetting(platform)
  // Refused before: authorize would fail at once without asking, so say so and let a tap open the settings.
  if (granted === false) throw permissionDenied(platform.id)
  if (granted !== true) await callApi(platform, 'authorize', { scope: albumScope(platform.id) })
}

/** Alipay clients without saveImageToPhotosAlbum: my.saveImage saves an online URL. */
async function saveByUrl(platform: Platform, url: string): Promise<SaveResult> {
  if (!isRemoteUrl(url)) throw unsupported(reasons.needsUrl())
  await callApi(platform, 'saveImage', { url, showActionSheet: false })
  return 'saved'
}

/** Opens the host's settings page; resolves whether album access is granted now. Call it from a tap handler. */
export async function openSetting(platform: Platform): Promise<boolean> {
  const host = platform.id
  if (host === 'h5' || host === 'unknown') throw unsupportedApi('openSetting')
  const res = await callApi<{ authSetting?: AuthSetting }>(platform, 'openSetting', {})
  return res.authSetting?.[albumScope(host)] === true
}

/** The permission flow's last step: settings, then the save again once access is granted. Tap handler only. */
export async function openSettingAndSave(platform: Platform, pathOrUrl: string): Promise<SaveResult> {
  if (!(await openSetting(platform))) throw permissionDenied(platform.id)
  return saveImageToAlbum(platform, pathOrUrl)
}
