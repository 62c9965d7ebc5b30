// <CosUploader>'s props and emits as Vue runtime declarations (the SFC passes them to defineProps/defineEmits, so
// the build needs no type resolution), and how they become the controller's options. The props are the React
// component's, with `v-model` (modelValue) for `value`/`onChange`, and emits for the other callbacks.
import type { ExtractPublicPropTypes, PropType, SetupContext } from 'vue'
import type { CosUploaderError, Locale } from '../core/errors'
import type { PickedFile, UploadedItem, UploadTaskState } from '../core/upload/types'
import type { CapabilityReason } from '../hosts/types'
import type { CosUploaderOptions, UploaderHost } from '../ui/controller'

/** A prop of the options' own type (Vue checks the constructor at run time in development). */
const option = <K extends keyof CosUploaderOptions>(type: StringConstructor | NumberConstructor | FunctionConstructor | ArrayConstructor | ObjectConstructor) =>
  type as unknown as PropType<NonNullable<CosUploaderOptions[K]>>

export const cosUploaderProps = {
  bucket: { type: String, required: true },
  region: { type: String, required: true },
  /** Region domain, with the bucket in the path (and in the signature). */
  forcePathStyle: Boolean,
  /** Custom domain, CDN or the local emulator, e.g. `http://{bucket}.cos.{region}.localhost:9000`. */
  endpoint: String,
  protocol: option<'protocol'>(String),
  /** Temporary key (STS), signed on the device. Give this or `getPostPolicy`, not both. */
  getCredentials: option<'getCredentials'>(Function),
  /** Ready-signed PostObject fields from your server; the secret never leaves it. */
  getPostPolicy: option<'getPostPolicy'>(Function),
  prefix: String,
  keyOf: option<'keyOf'>(Function),
  allowPrefix: option<'allowPrefix'>(Array),
  /** Files done plus files still in flight. Default 9. */
  maxCount: Number,
  /** Files per pick; clamped to what maxCount leaves. Default 9. */
  count: Number,
  /** Bytes; larger files are not uploaded and go to the `oversize` event. */
  maxSize: Number,
  sizeType: option<'sizeType'>(Array),
  sourceType: option<'sourceType'>(Array),
  /** Compression quality 0–100 where the host can compress (elsewhere: uploaded as picked, and `unsupported`). */
  compress: Number,
  /** A save-to-album action on uploaded images where the host can save. */
  saveable: Boolean,
  /** With false, call `upload()` on the component's ref. */
  autoUpload: { type: Boolean, default: true },
  /** Default 3, never more than the host allows. */
  concurrency: Number,
  /** Automatic retries per upload of transient failures. Default 3. */
  maxRetries: Number,
  timeout: Number,
  /** Milliseconds without progress that end an attempt (then retried). Default 60 s. */
  idleTimeout: Number,
  disabled: Boolean,
  allowUnverifiedHosts: Boolean,
  /** Default 'zh-CN'; 'en' once the English pack is imported (`taro-cos-uploader/locale/en`). */
  locale: String as PropType<Locale>,
  /** The uploaded items (`v-model`); without it the component keeps its own, starting from `defaultValue`. */
  modelValue: Array as PropType<UploadedItem[]>,
  defaultValue: Array as PropType<UploadedItem[]>,
  /** Defaults to the uni-app host (or one given with provideUploaderHost); read once. */
  host: Object as PropType<UploaderHost>,
  /** Deleting a tile that is still uploading aborts the upload. */
  deletable: { type: Boolean, default: true },
  /** Tap an uploaded image to preview it full screen. */
  previewable: { type: Boolean, default: true },
} as const

export type CosUploaderProps = ExtractPublicPropTypes<typeof cosUploaderProps>

/** The parameters type the events; nothing is validated. */
export const cosUploaderEmits = {
  'update:modelValue': (value: UploadedItem[]) => true,
  /** Every change of the value, as for `v-model`. */
  change: (value: UploadedItem[]) => true,
  success: (item: UploadedItem, task: UploadTaskState) => true,
  error: (error: CosUploaderError, task?: UploadTaskState) => true,
  progress: (task: UploadTaskState) => true,
  oversize: (files: PickedFile[]) => true,
  unsupported: (reason: CapabilityReason) => true,
  /** Every task, whenever one is added, removed or changes status. */
  queueChange: (tasks: UploadTaskState[]) => true,
}

export type CosUploaderEmit = SetupContext<typeof cosUploaderEmits>['emit']

/** The controller's options from the component's props, its callbacks emitting the events. */
export function optionsFromProps(props: Readonly<CosUploaderProps>, emit: CosUploaderEmit): CosUploaderOptions {
  const { modelValue, deletable, previewable, ...options } = props
  return {
    ...options,
    value: modelValue,
    onChange: (value) => {
      emit('update:modelValue', value)
      emit('change', value)
    },
    onSuccess: (item, task) => emit('success', item, task),
    onError: (error, task) => emit('error', error, task),
    onProgress: (task) => emit('progress', task),
    onOversize: (files) => emit('oversize', files),
    onUnsupported: (reason) => emit('unsupported', reason),
    onQueueChange: (tasks) => emit('queueChange', tasks),
  }
}
