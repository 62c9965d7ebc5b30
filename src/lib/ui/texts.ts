// The component's own words and why it can't do what its props ask (zh-CN; English in the locale pack,
// locale/en.ts). [retryable, zh-CN], as in core/messages.ts.
import { messagesOf } from '../core/messages'

const ZH = {
  'upload-unsupported': [0, '当前环境不支持上传'],
  'save-unsupported': [0, '当前环境不能保存到相册'],
  'compress-falls-back': [0, '当前环境不能压缩图片，将上传原图'],
  'ui-add': [0, '添加图片'],
  'ui-delete': [0, '删除'],
  'ui-retry': [0, '重试'],
  'ui-queued': [0, '等待上传'],
  'ui-signing': [0, '签名中'],
  'ui-uploading': [0, '上传中'],
  'ui-processing': [0, '处理中'],
  'ui-retrying': [0, '重试中 ({retry}/{of})'],
  'ui-failed': [0, '上传失败 · 点按查看'],
  'ui-failed-title': [0, '上传失败'],
  'ui-save': [0, '保存到相册'],
  'ui-saving': [0, '保存中'],
  'ui-saved': [0, '已保存到相册'],
  'ui-downloaded': [0, '已下载'],
  'ui-permission-denied': [0, '没有保存到相册的权限'],
  'ui-open-setting': [0, '去设置'],
  'ui-oversize': [0, '{count} 张图片超过 {maxSize}，未上传'],
  'ui-not-added': [0, '最多 {maxCount} 张，{count} 张未添加'],
} as const

export type UiMessageId = keyof typeof ZH

export const uiTexts = messagesOf(ZH)
