// The host layer's texts (zh-CN; English in the locale pack, locale/en.ts): what a host failure means, and why a
// capability is off or what it falls back to. [retryable (diagnoses only), zh-CN], as in core/messages.ts.
import { messagesOf } from '../core/messages'

const ZH = {
  'domain-not-allowed': [0, '{domain} 不在 {list} 合法域名中'],
  'privacy-scope-undeclared': [0, '请在隐私保护指引中声明“{declare}”'],
  'privacy-not-authorized': [1, '用户未同意隐私协议'],
  'permission-denied': [0, '未授权相册'],
  'download-http-error': [0, '下载失败：HTTP {statusCode}（{host}）'],
  // Why a host capability is off, or what it falls back to.
  'host-unknown': [0, '无法识别运行平台（TARO_ENV / UNI_PLATFORM），已停用此功能'],
  'host-unverified-qq': [0, 'COS 官方只说明支持微信小程序，QQ 小程序直传未经验证；确需使用请设置 allowUnverifiedHosts（风险自负）'],
  'host-unverified': [0, '{host} 的 {what} 未经验证；确需使用请设置 allowUnverifiedHosts（风险自负）'],
  'api-missing': [0, '当前平台或基础库没有 {api}，请升级客户端'],
  'upload-off': [0, '上传不可用，因此没有进度和取消'],
  'compress-unsupported': [0, 'H5 无法压缩图片（浏览器里没有 compressImage）'],
  'save-downloads': [0, '浏览器无法存入相册，只会下载图片'],
  'save-by-url': [0, '此支付宝版本只能用 my.saveImage 保存网络图片'],
  'save-needs-url': [0, '此支付宝版本只能保存网络图片，请传入图片 URL'],
  'host-no-result': [0, '{api} 没有返回文件路径'],
} as const

export type HostMessageId = keyof typeof ZH

export const hostTexts = messagesOf(ZH)
