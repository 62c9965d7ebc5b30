// The host contract: what the component and the upload engine get from the host layer (Taro or uni-app), and the
// platform API object the host layer runs on.
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
  /** Clamped to the host's limit: 20 with chooseMedia, 9 with chooseImage, none on H5. Default 9. */
  count?: number
  sizeType?: Array<'original' | 'compressed'>
  sourceType?: Array<'album' | 'camera'>
}

/** H5 can only trigger a browser download: it never reports `saved`. */
export type SaveResult = 'saved' | 'downloaded'

/** The host the component and the engine run on: createTaroHost(), createUniHost(), or createHost(api, id). */
export interface UploaderHost extends FormTransport {
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

/** What a host API's `fail` callback gets: WeChat's `{errMsg}`, or Alipay's `{error, errorMessage}` (Taro passes it on). */
export interface HostFailure {
  errMsg?: string
  error?: number
  errorMessage?: string
}

/** The callbacks every host API takes. The host layer always passes them: uni's APIs then return their task. */
export interface HostCallbacks<T> {
  success?(result: T): void
  fail?(failure: HostFailure): void
}

/** An upload's progress as the host reports it: `…Sent` (WeChat and most), `…Written` (Alipay). */
export interface HostProgress {
  progress?: number
  totalBytesSent?: number
  totalBytesExpectedToSend?: number
  totalBytesWritten?: number
  totalBytesExpectedToWrite?: number
}

/** The headers a host hands over: `header` (WeChat-like; an object, or H5's raw header block) or `headers` (Alipay). */
export interface HostHeaders {
  header?: unknown
  headers?: unknown
}

export interface HostUploadTask {
  abort?(): void
  onProgressUpdate?(listener: (event: HostProgress) => void): void
  onHeadersReceived?(listener: (event: HostHeaders) => void): void
}

/** An HTTP answer: `statusCode` (a number, or a string in Alipay's IDE) or Alipay's own `status`. */
export interface HostAnswer extends HostHeaders {
  statusCode?: number | string
  status?: number | string
  data?: unknown
}

export interface HostMediaFile {
  tempFilePath: string
  size?: number
  width?: number
  height?: number
  /** 'image' on mini hosts, the File's MIME type on H5. */
  fileType?: string
  /** H5: the picked File. */
  originalFileObj?: File
  thumbTempFilePath?: string
}

/** chooseImage's tempFiles: `{path, size}`; on H5 (uni-app) the picked File itself, with its type and name. */
export interface HostImageFile {
  path?: string
  size?: number
  type?: string
  name?: string
}

type AuthSettingResult = HostCallbacks<{ authSetting?: Record<string, boolean | undefined> }>

/**
 * The host APIs the host layer calls, in WeChat's shapes, each optional: one that is missing turns its capability
 * off. Taro's API object and uni-app's `uni` both fit; a custom platform passes its own to createHost().
 */
export interface HostApi {
  chooseMedia?(options: { count: number; mediaType: Array<'image'>; sizeType?: Array<'original' | 'compressed'>; sourceType?: Array<'album' | 'camera'> } &
    HostCallbacks<{ tempFiles?: HostMediaFile[] }>): unknown
  chooseImage?(options: { count: number; sizeType?: Array<'original' | 'compressed'>; sourceType?: Array<'album' | 'camera'> } &
    HostCallbacks<{ tempFilePaths?: string[]; tempFiles?: HostImageFile[] }>): unknown
  /** A multipart POST: the form fields, then the file as the part `name` (Alipay: `fileName`, with `fileType`). */
  uploadFile?(options: {
    url: string; filePath: string; name: string; formData?: Record<string, string>; header?: Record<string, string>; timeout?: number
    fileType?: 'image'; fileName?: string; withCredentials?: boolean
    /** H5: the picked File, which the browser's own uploadFile posts as it is. */
    file?: Blob
  } & HostCallbacks<HostAnswer>): HostUploadTask | void
  /** Any HTTP status is an answer, whether it comes to `success` or (Alipay) to `fail`. */
  request?(options: {
    url: string; method: 'HEAD' | 'GET'; dataType?: string; responseType?: 'text'; timeout?: number; cache?: 'no-store'
    success?(answer: HostAnswer): void; fail?(failure: HostFailure & HostAnswer): void
  }): { abort?(): void } | void
  downloadFile?(options: { url: string; withCredentials?: boolean } & HostCallbacks<{ tempFilePath?: string; statusCode?: number | string }>): unknown
  getSetting?(options: AuthSettingResult): unknown
  authorize?(options: { scope: string } & HostCallbacks<unknown>): unknown
  openSetting?(options: AuthSettingResult): unknown
  saveImageToPhotosAlbum?(options: { filePath: string } & HostCallbacks<unknown>): unknown
  /** Alipay clients without saveImageToPhotosAlbum: saves an online URL. */
  saveImage?(options: { url: string; showActionSheet?: boolean } & HostCallbacks<unknown>): unknown
  /** quality 0–100; resolves the compressed temp file. */
  compressImage?(options: { src: string; quality: number } & HostCallbacks<{ tempFilePath?: string }>): unknown
  previewImage?(options: { urls: string[]; current?: string } & HostCallbacks<unknown>): unknown
  showModal?(options: { title: string; content: string; confirmText?: string; showCancel?: boolean } & HostCallbacks<unknown>): unknown
  /** The base library version (SDKVersion): WeChat caps chooseMedia at 9 before 2.25.0. */
  getAppBaseInfo?(): { SDKVersion?: string }
  getSystemInfoSync?(): { SDKVersion?: string }
}

export type ApiName = keyof HostApi
