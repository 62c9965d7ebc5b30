// Save to the album with the full permission flow (hosts-matrix §3):
// getSetting → authorize (where the host has it) → save; a previous refusal fails fast with 'permission-denied',
// and the UI's tap handler calls openSetting / openSettingAndSave. H5 can only download: 'downloaded', never 'saved'.
import { invalidInput, type HostError } from '../core/errors'
import { capabilities, requireCapability } from './capabilities'
import { download, isRemoteUrl } from './download'
import { hostFailure, unsupported, unsupportedApi } from './errors'
import { reasons } from './reasons'
import { callApi, hasApi, hostId } from './taro-api'
import type { SaveResult } from './types'

type AuthSetting = Record<string, boolean | undefined>

/** The authSetting key for album writes: tt uses scope.album, Alipay has no `scope.` prefix. */
function albumScope(): string {
  const host = hostId()
  return host === 'tt' ? 'scope.album' : host === 'alipay' ? 'writePhotosAlbum' : 'scope.writePhotosAlbum'
}

function permissionDenied() {
  return hostFailure({ errMsg: 'authorize:fail auth deny' }, { api: 'authorize' })
}

async function albumSetting(): Promise<boolean | undefined> {
  const res = await callApi<{ authSetting?: AuthSetting }>('getSetting', {})
  return res.authSetting?.[albumScope()]
}

export async function saveImageToAlbum(pathOrUrl: string): Promise<SaveResult> {
  if (typeof pathOrUrl !== 'string' || !pathOrUrl) {
    throw invalidInput('invalid-file-path', { path: pathOrUrl }, { what: 'to-save' })
  }
  requireCapability('saveToAlbum')
  const host = hostId()
  // What the capability falls back to: Alipay's save by URL, or on H5 a download.
  if (capabilities().saveToAlbum.reason?.code === 'save-by-url') return saveByUrl(pathOrUrl)
  if (host !== 'h5' && hasApi('authorize')) await ensureAlbumAccess()
  // Download first everywhere: the WeChat-like hosts take local paths only, browsers ignore <a download> for
  // cross-origin URLs, and a failed download says why (HTTP status, allowlist) where a failed save can't (Alipay: 17).
  const filePath = isRemoteUrl(pathOrUrl) ? await download(pathOrUrl) : pathOrUrl
  if (host === 'h5') {
    await callApi('saveImageToPhotosAlbum', { filePath })
    return 'downloaded'
  }
  try {
    await callApi('saveImageToPhotosAlbum', { filePath })
    return 'saved'
  } catch (error) {
    // Without authorize (Alipay, JD) a refusal only shows here, and not always as one: the setting tells.
    if ((error as HostError).code === 'permission-denied' || hasApi('authorize')) throw error
    if ((await albumSetting().catch(() => undefined)) === false) throw permissionDenied()
    throw error
  }
}

async function ensureAlbumAccess(): Promise<void> {
  const granted = await albumSetting()
  // Refused before: authorize would fail at once without asking, so say so and let a tap open the settings.
  if (granted === false) throw permissionDenied()
  if (granted !== true) await callApi('authorize', { scope: albumScope() })
}

/** Alipay clients without saveImageToPhotosAlbum: my.saveImage saves an online URL. */
async function saveByUrl(url: string): Promise<SaveResult> {
  if (!isRemoteUrl(url)) throw unsupported(reasons.needsUrl())
  await callApi('saveImage', { url, showActionSheet: false })
  return 'saved'
}

/** Opens the host's settings page; resolves whether album access is granted now. Call it from a tap handler. */
export async function openSetting(): Promise<boolean> {
  const host = hostId()
  if (host === 'h5' || host === 'unknown') throw unsupportedApi('openSetting')
  const res = await callApi<{ authSetting?: AuthSetting }>('openSetting', {})
  return res.authSetting?.[albumScope()] === true
}

/** The permission flow's last step: settings, then the save again once access is granted. Tap handler only. */
export async function openSettingAndSave(pathOrUrl: string): Promise<SaveResult> {
  if (!(await openSetting())) throw permissionDenied()
  return saveImageToAlbum(pathOrUrl)
}
