// One host implementation for every framework: the host functions bound to a platform API object and a host id.
// createTaroHost() and createUniHost() only find those two (and on H5 hand over the browser's API object, h5.ts).
import { capabilities, maxConcurrentUploads } from './capabilities'
import { chooseImages } from './choose-images'
import { compressImage } from './compress-image'
import { showModal } from './dialog'
import { download } from './download'
import { h5Api } from './h5'
import type { Platform } from './platform'
import { previewImage } from './preview-image'
import { head } from './request'
import { openSetting, openSettingAndSave, saveImageToAlbum } from './save-image'
import type { CapabilityOptions, HostApi, HostId, UploaderHost } from './types'
import { uploadForm } from './upload-form'

/**
 * The host over `api` (Taro's, uni's, or your own in WeChat's shapes) on host `id`: 'unknown' turns everything off.
 * `options` is the default of its capabilities() and what its uploadForm is gated by.
 */
export function createHost(api: HostApi, id: HostId, options: CapabilityOptions = {}): UploaderHost {
  return hostOn({ api: id === 'h5' ? h5Api(api) : api, id }, options)
}

/** The host over `platform.api` as it is: the adapters' way in. */
export function hostOn(platform: Platform, options: CapabilityOptions = {}): UploaderHost {
  const { id } = platform
  return {
    id,
    capabilities: (override = {}) => capabilities(platform, { allowUnverifiedHosts: override.allowUnverifiedHosts ?? options.allowUnverifiedHosts }),
    maxConcurrentUploads: () => maxConcurrentUploads(id),
    uploadForm: (request) => uploadForm(platform, request, options),
    head: (request) => head(platform, request),
    chooseImages: (pick) => chooseImages(platform, pick),
    download: (url) => download(platform, url),
    saveImageToAlbum: (pathOrUrl) => saveImageToAlbum(platform, pathOrUrl),
    openSetting: () => openSetting(platform),
    openSettingAndSave: (pathOrUrl) => openSettingAndSave(platform, pathOrUrl),
    compressImage: (path, quality) => compressImage(platform, path, quality),
    previewImage: (urls, current) => previewImage(platform, urls, current),
    showModal: (dialog) => showModal(platform, dialog),
  }
}
