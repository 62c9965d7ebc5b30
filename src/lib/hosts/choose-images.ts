// Pick images: chooseMedia where the host has it (weapp ≥ 2.10, tt, jd, h5), chooseImage elsewhere.
import { invalidInput } from '../core/errors'
import { imageExtension, imageTypeOf } from '../core/mime'
import type { PickedFile } from '../core/upload/types'
import { requireCapability } from './capabilities'
import { isCancel } from './errors'
import { callApi, hasApi, sdkVersion, type Platform } from './platform'
import type { ChooseImagesOptions, HostImageFile, HostMediaFile } from './types'

/** 20 with chooseMedia (WeChat base library < 2.25.0: 9), 9 with chooseImage; H5's file input takes any number. */
function maxPickCount(platform: Platform): number {
  if (platform.id === 'h5') return Infinity
  if (!hasApi(platform, 'chooseMedia')) return 9
  return platform.id === 'weapp' && olderThan(sdkVersion(platform), [2, 25, 0]) ? 9 : 20
}

export async function chooseImages(platform: Platform, options: ChooseImagesOptions = {}): Promise<PickedFile[]> {
  const { count: wanted = 9, sizeType, sourceType } = options
  if (!Number.isInteger(wanted) || wanted < 1) {
    throw invalidInput('invalid-count', { count: wanted })
  }
  requireCapability(platform, 'pick')
  // Always pass count: Alipay picks 1 by default.
  const count = Math.min(wanted, maxPickCount(platform))
  const extra = { ...(sizeType && { sizeType }), ...(sourceType && { sourceType }) }
  try {
    const files = hasApi(platform, 'chooseMedia')
      ? (await callApi<{ tempFiles?: HostMediaFile[] }>(platform, 'chooseMedia', { count, mediaType: ['image'], ...extra })).tempFiles?.map(fromMedia)
      : fromImages(await callApi<{ tempFilePaths?: string[]; tempFiles?: HostImageFile[] }>(platform, 'chooseImage', { count, ...extra }))
    // H5's file input can't cap the number of files.
    return (files ?? []).slice(0, count)
  } catch (error) {
    if (isCancel(error)) return []
    throw error
  }
}

function fromMedia(file: HostMediaFile): PickedFile {
  const original = file.originalFileObj
  // chooseMedia's fileType is 'image' on mini hosts and the File's MIME type on H5.
  const mime = original?.type || (file.fileType?.includes('/') ? file.fileType : '')
  const result = picked(file.tempFilePath, file.size ?? original?.size ?? 0, mime, original?.name, file.width, file.height)
  // Taro H5's chooseMedia makes a 256 px JPEG of every picked image; mini hosts give one for videos only.
  if (file.thumbTempFilePath) result.thumbPath = file.thumbTempFilePath
  if (original) result.file = original
  return result
}

function fromImages(res: { tempFilePaths?: string[]; tempFiles?: HostImageFile[] }): PickedFile[] {
  const paths = res.tempFilePaths ?? res.tempFiles?.map((file) => file.path ?? '') ?? []
  return paths.map((path, i) => {
    // uni-app H5: each of tempFiles is the picked File (a blob: path, and the file's own type and name).
    const file = res.tempFiles?.[i]
    return picked(file?.path ?? path, file?.size ?? 0, file?.type, file?.name)
  })
}

function picked(path: string, size: number, mime?: string, name?: string, width?: number, height?: number): PickedFile {
  const base = path.split(/[/\\?#]/).pop() || ''
  // Mini hosts don't report the format; the extension does, except Alipay's (`….image`): then any image.
  const file: PickedFile = { path, size, type: mime || imageTypeOf(imageExtension(base)) || 'image/*', name: name || base }
  if (width) file.width = width
  if (height) file.height = height
  return file
}

function olderThan(version: string, than: number[]): boolean {
  const parts = version.split('.').map(Number)
  for (let i = 0; i < than.length; i++) {
    if ((parts[i] || 0) !== than[i]) return (parts[i] || 0) < than[i]
  }
  return false
}
