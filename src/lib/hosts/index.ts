// The Taro host layer: the only code in the library that calls Taro.*.
import type { FormTransport } from '../core/transport'
import { capabilities, maxConcurrentUploads } from './capabilities'
import { chooseImages } from './choose-images'
import { compressImage } from './compress-image'
import { showModal } from './dialog'
import { download } from './download'
import { previewImage } from './preview-image'
import { head } from './request'
import { openSetting, openSettingAndSave, saveImageToAlbum } from './save-image'
import { hostId } from './taro-api'
import type { CapabilityOptions, TaroHost } from './types'
import { uploadForm } from './upload-form'

export * from './types'
export { capabilities, maxConcurrentUploads } from './capabilities'
export { chooseImages, maxPickCount } from './choose-images'
export { compressImage } from './compress-image'
export { showModal } from './dialog'
export { download } from './download'
export { hostId } from './taro-api'
export { previewImage } from './preview-image'
export { openSetting, openSettingAndSave, saveImageToAlbum } from './save-image'
export { head } from './request'
export { uploadForm } from './upload-form'

/** uploadForm over Taro.uploadFile; head (the lost-answer check) over Taro.request. */
export const taroTransport: FormTransport = { uploadForm, head }

/**
 * The whole contract as one object: pass it (or a fake of it) to the component and the upload engine.
 * `options` is the default of its capabilities() and what its uploadForm is gated by.
 */
export function createTaroHost(options: CapabilityOptions = {}): TaroHost {
  return {
    id: hostId(),
    capabilities: (override = {}) => capabilities({ allowUnverifiedHosts: override.allowUnverifiedHosts ?? options.allowUnverifiedHosts }),
    uploadForm: (request) => uploadForm(request, options),
    maxConcurrentUploads, chooseImages, head, download,
    saveImageToAlbum, openSetting, openSettingAndSave, compressImage, previewImage, showModal,
  }
}
