// What one uploader component is told (the React component's props; a Vue component's, by the same names) and the
// engine options that follow from them: where and how files go, and how hard to try.
import type { CosUploaderError, Locale, LocalizedText } from '../core/errors'
import type { PickedFile, UploadedItem, UploadTaskState, UploaderOptions } from '../core/upload/types'
import type { ChooseImagesOptions, UploaderHost } from '../hosts/types'

export type { UploaderHost }

export interface CosUploaderOptions {
  bucket: string
  region: string
  /** Region domain, with the bucket in the path (and in the signature). */
  forcePathStyle?: boolean
  /** Custom domain, CDN or the local emulator, e.g. `http://{bucket}.cos.{region}.localhost:9000`. */
  endpoint?: string
  protocol?: 'https:' | 'http:'
  /** Temporary key (STS), signed on the device. Give this or `getPostPolicy`, not both. */
  getCredentials?: UploaderOptions['getCredentials']
  /** Ready-signed PostObject fields from your server; the secret never leaves it. */
  getPostPolicy?: UploaderOptions['getPostPolicy']
  prefix?: string
  keyOf?: (file: PickedFile) => string
  allowPrefix?: string[]
  /** Files done plus files still in flight. Default 9. */
  maxCount?: number
  /** Files per pick; clamped to what maxCount leaves. Default 9. */
  count?: number
  /** Bytes; larger files are not uploaded and go to `onOversize`. */
  maxSize?: number
  sizeType?: ChooseImagesOptions['sizeType']
  sourceType?: ChooseImagesOptions['sourceType']
  /** Compression quality 0–100 where the host can compress (elsewhere: uploaded as picked, and `onUnsupported`). */
  compress?: number
  /** A save-to-album action on uploaded images where the host can save (elsewhere: a notice, and `onUnsupported`). Default false. */
  saveable?: boolean
  /** Default true; with false, call `upload()`. */
  autoUpload?: boolean
  /** Default 3, never more than the host allows. */
  concurrency?: number
  /** Automatic retries per upload of transient failures (5xx, timeouts, resets, STS failures). Default 3. */
  maxRetries?: number
  timeout?: number
  /** Milliseconds without progress that end an attempt (then retried). Default 60 s. */
  idleTimeout?: number
  disabled?: boolean
  allowUnverifiedHosts?: boolean
  /** Default 'zh-CN'; 'en' once the English pack is registered. */
  locale?: Locale
  value?: UploadedItem[]
  defaultValue?: UploadedItem[]
  onChange?: (value: UploadedItem[]) => void
  onOversize?: (files: PickedFile[]) => void
  onProgress?: (task: UploadTaskState) => void
  onSuccess?: (item: UploadedItem, task: UploadTaskState) => void
  onError?: (error: CosUploaderError, task?: UploadTaskState) => void
  onUnsupported?: (reason: { code: string; message: LocalizedText }) => void
  /** Every task, whenever one is added, removed or changes status. */
  onQueueChange?: (tasks: UploadTaskState[]) => void
  /** Defaults to the Taro host; tests and custom platforms inject their own. */
  host?: UploaderHost
}

/** The engine options the props name: where and how files go, and how hard to try. */
export function engineOptions(props: CosUploaderOptions, host: UploaderHost, latest: () => CosUploaderOptions) {
  const { bucket, region, forcePathStyle, endpoint, protocol } = props
  return {
    location: { bucket, region, forcePathStyle, endpoint, protocol },
    // Calls reach the latest props: a new function on every props update changes nothing; switching the signing
    // mode does.
    getCredentials: props.getCredentials && (() => latest().getCredentials!()),
    getPostPolicy: props.getPostPolicy && ((key: string, file: PickedFile, context: { attempt: string }) => latest().getPostPolicy!(key, file, context)),
    prefix: props.prefix,
    keyOf: props.keyOf && ((file: PickedFile) => latest().keyOf!(file)),
    allowPrefix: props.allowPrefix,
    concurrency: Math.max(1, Math.min(props.concurrency ?? 3, host.maxConcurrentUploads())),
    maxRetries: props.maxRetries,
    timeout: props.timeout,
    idleTimeout: props.idleTimeout,
  }
}

/** What decides the engine's options, as text: the same text, the same options. */
export const engineFingerprint = (props: CosUploaderOptions, host: UploaderHost) => JSON.stringify([
  props.bucket, props.region, props.forcePathStyle, props.endpoint, props.protocol, !!props.getCredentials, !!props.getPostPolicy,
  props.prefix, !!props.keyOf, props.allowPrefix, Math.min(props.concurrency ?? 3, host.maxConcurrentUploads()), props.maxRetries,
  props.timeout, props.idleTimeout,
])
