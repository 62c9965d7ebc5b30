// The component's own words. Diagnoses come from core errors (`error.diagnosis.message[locale]`).
import type { Locale } from '../core/errors'

export interface UploaderStrings {
  add: string
  delete: string
  retry: string
  queued: string
  signing: string
  uploading: string
  processing: string
  /** An automatic retry is scheduled: the `retry`-th of at most `of`. */
  retrying: (retry: number, of: number) => string
  save: string
  saving: string
  saved: string
  downloaded: string
  permissionDenied: string
  openSetting: string
  oversize: (count: number, maxSize: number) => string
}

function formatBytes(bytes: number): string {
  if (bytes >= 1048576) return `${+(bytes / 1048576).toFixed(1)} MB`
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`
  return `${bytes} B`
}

export const uploaderStrings: Record<Locale, UploaderStrings> = {
  'zh-CN': {
    add: '添加图片',
    delete: '删除',
    retry: '重试',
    queued: '等待上传',
    signing: '签名中',
    uploading: '上传中',
    processing: '处理中',
    retrying: (retry, of) => `重试中 (${retry}/${of})`,
    save: '保存到相册',
    saving: '保存中',
    saved: '已保存到相册',
    downloaded: '已下载',
    permissionDenied: '没有保存到相册的权限',
    openSetting: '去设置',
    oversize: (count, maxSize) => `${count} 张图片超过 ${formatBytes(maxSize)}，未上传`,
  },
  en: {
    add: 'Add image',
    delete: 'Delete',
    retry: 'Retry',
    queued: 'Waiting',
    signing: 'Signing',
    uploading: 'Uploading',
    processing: 'Processing',
    retrying: (retry, of) => `Retrying (${retry}/${of})`,
    save: 'Save to album',
    saving: 'Saving',
    saved: 'Saved to album',
    downloaded: 'Downloaded',
    permissionDenied: 'No permission to save to the album',
    openSetting: 'Open settings',
    oversize: (count, maxSize) => `${count} image${count === 1 ? '' : 's'} over ${formatBytes(maxSize)} not uploaded`,
  },
}
