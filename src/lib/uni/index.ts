// taro-cos-uploader/uni: the uploader for uni-app (Vue 3). The component is the file
// `taro-cos-uploader/uni/CosUploader.vue`: import it by that path or map it with easycom, never through this entry
// (a component re-exported from a JS module builds on mp-weixin but is left out of the page's usingComponents).
export { useCosUploader, type CosUploaderApi, type UploaderActions } from './useCosUploader'
export { useCosUploaderComponent } from './component'
export { cosUploaderEmits, cosUploaderProps, optionsFromProps, type CosUploaderEmit, type CosUploaderProps } from './props'
export { provideUploaderHost } from './host'
export { createUniHost, type UniApi, type UniHostOptions } from '../hosts/uni'
export { uploaderStrings, type UploaderStrings } from '../ui/strings'
export { registerLocale } from '../core/messages'
export type { CosUploaderOptions, SaveState, UploaderHost, UploaderView } from '../ui/controller'
export type { CosUploaderError, Locale, LocalizedText } from '../core/errors'
export type { PickedFile, UploadedItem, UploadTaskState } from '../core/upload/types'
export type { Capabilities, CapabilityReason } from '../hosts/types'
