// The host contract: what the component and the upload engine get from the Taro host layer.
import type { LocalizedText } from '../core/messages'
import type { FormTransport } from '../core/transport'
import type { PickedFile } from '../core/upload/types'

export type HostId = 'weapp' | 'qq' | 'alipay' | 'tt' | 'swan' | 'jd' | 'h5' | 'unknown'

export type CapabilityName = 'pick' | 'upload' | 'progress' | 'abort' | 'download' | 'saveToAlbum' | 'compress'

export interface CapabilityReason {
  code: string
  message: LocalizedText
}

/** `reason` explains why a capability is off; on a supported one it is a caveat (H5 save = browser download). */
export interface Capability {
  supported: boolean
  reason?: CapabilityReason
}

export type Capabilities = Record<CapabilityName, Capability>

export interface CapabilityOptions {
  /** Turn on capabilities that exist but are unverified on this host (QQ/JD uploads), and let uploadForm run there. At the integrator's risk. */
  allowUnverifiedHosts?: boolean
}

export interface ChooseImagesOptions {
  /** Clamped to the host's limit: 20 with chooseMedia, 9 with chooseImage. Default 9. */
  count?: number
  sizeType?: Array<'original' | 'compressed'>
  sourceType?: Array<'album' | 'camera'>
}

/** H5 can only trigger a browser download: it never reports `saved`. */
export type SaveResult = 'saved' | 'downloaded'

export interface TaroHost extends FormTransport {
  readonly id: HostId
  capabilities(options?: CapabilityOptions): Capabilities
  maxConcurrentUploads(): number
  /** Empty on cancel. */
  chooseImages(options?: ChooseImagesOptions): Promise<PickedFile[]>
  /** Downloads to a host temp path. */
  download(url: string): Promise<string>
  /** A temp path, or an http(s) URL (downloaded first where the host needs a local file). */
  saveImageToAlbum(pathOrUrl: string): Promise<SaveResult>
  /** Call from a tap handler only (WeChat rejects it otherwise). Resolves whether album access is granted now. */
  openSetting(): Promise<boolean>
  /** openSetting, then the save again if access was granted. Tap handler only. */
  openSettingAndSave(pathOrUrl: string): Promise<SaveResult>
  /** quality 0–100 (jpg). Resolves the compressed temp path. */
  compressImage(path: string, quality?: number): Promise<string>
  previewImage(urls: string[], current?: string): Promise<void>
  /** The host's own dialog (showModal; a DOM dialog on H5) with one button; resolves when it is closed. */
  showModal(options: { title: string; content: string; confirmText?: string }): Promise<void>
}
