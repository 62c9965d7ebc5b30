// Every text the library shows a person, in one table: diagnoses, bad-input errors, host reasons, the component's
// words. zh-CN ships in every bundle; English is a locale pack the app imports (`taro-cos-uploader/locale/en`) and
// registers, as NutUI and antd do, so a Chinese-only mini program doesn't carry it. `{name}` is filled from the
// detail, or from `words`: names whose text is itself a message.

export type Locale = 'zh-CN' | 'en'

export interface LocalizedText {
  'zh-CN': string
  en: string
}

/** What went wrong, and what to do about it. `code` is stable and machine-readable. */
export interface Diagnosis {
  code: string
  message: LocalizedText
  /** Whether trying the same request again (after re-signing) may succeed. */
  retryable: boolean
  /** Facts behind the diagnosis: the missing action, the measured clock offset, the differing line… */
  detail?: Record<string, unknown>
}

// [retryable (diagnoses only), zh-CN]
const ZH = {
  'access-denied': [0, '无权限：STS 策略需允许对 {key} 执行 {action}（检查 action 与 allowPrefix）'],
  'key-outside-prefix': [0, '{key} 不在允许前缀 {allowPrefix} 内'],
  'policy-condition-mismatch': [0, '表单不符策略条件 {field}'],
  'policy-expired': [1, '上传策略已过期'],
  'request-expired': [1, '签名已过期（时钟偏差 {offset}）：刷新密钥或按服务器时间签名'],
  'signature-not-yet-valid': [1, '签名尚未生效：起始时间比 COS 快 {ahead}，签名所用时钟（STS 服务器或设备）偏快'],
  'clock-skewed': [1, '设备时钟偏差 {offset}，请按服务器时间签名'],
  'signature-mismatch': [0, '签名不符（{at}）：常因 Content-Type 未签或 "+" 未编码'],
  'secret-key-mismatch': [0, '签名串一致：SecretKey 错误'],
  'invalid-access-key-id': [0, 'SecretId 无效或缺 token'],
  'expired-token': [1, '临时密钥已过期'],
  'no-such-bucket': [0, '存储桶不存在：查桶名和地域'],
  'entity-too-large': [0, '{file}超过上传策略 content-length-range 上限：检查该上限（及告知策略服务的大小），maxSize 不应大于它'],
  'entity-too-small': [0, '{file}低于上传策略 content-length-range 下限：检查该下限（及告知策略服务的大小）；下限 ≥ 1 时空文件被拒'],
  'invalid-policy-document': [0, '上传策略无效：conditions 须含 q-sign-algorithm "sha1"、q-ak、q-sign-time（= q-key-time）；expiration 用 ISO 8601 UTC；policy 须为所签 JSON 原文的 base64'],
  'malformed-post-request': [0, '表单格式错误：所有字段须在文件之前；文件部分放最后，字段名为 "file"'],
  'path-style-forbidden': [0, '禁用路径式域名：请关闭，并将 {domain} 加入合法域名'],
  'server-error': [1, 'COS 服务错误 {status}，请重试'],
  'cos-error': [0, 'COS 错误 {status} {Code}：{Message}'],
  'domain-not-allowed': [0, '{domain} 不在 {list} 合法域名中'],
  'privacy-scope-undeclared': [0, '请在隐私保护指引中声明“{declare}”'],
  'privacy-not-authorized': [1, '用户未同意隐私协议'],
  'permission-denied': [0, '未授权相册'],
  'network-error': [1, '网络错误或超时'],
  'canceled': [0, '已取消'],
  'host-error': [0, '{errMsg}'],
  'download-http-error': [0, '下载失败：HTTP {statusCode}（{host}）'],
  'invalid-options': [0, '选项 {option} 无效'],
  'invalid-credentials': [0, '密钥字段 {field} 无效'],
  'permanent-key-refused': [0, '缺 sessionToken：永久密钥会泄露，请用 STS'],
  'credentials-expired': [1, '密钥已过期（{expiredTime}）'],
  'credentials-fetch-failed': [1, '获取密钥失败：{reason}'],
  'post-policy-failed': [1, '获取上传签名失败'],
  'invalid-bucket': [0, '存储桶名应为 名称-APPID'],
  'invalid-region': [0, '地域无效'],
  'invalid-endpoint': [0, '地址应为 http(s)://主机[:端口]'],
  'invalid-key': [0, '对象键无效'],
  'invalid-file': [0, '文件缺少路径或大小'],
  'invalid-sign-input': [0, '签名参数无效'],
  'invalid-url': [0, '{what}应为 http(s) URL'],
  'invalid-file-path': [0, '缺少{what}的文件路径'],
  'invalid-form-field': [0, '表单字段应为字符串：{fields}'],
  'invalid-count': [0, 'count 应为正整数'],
  'invalid-quality': [0, 'quality 应在 0–100 之间'],
  'invalid-urls': [0, '预览需要至少一个图片地址'],
  'file-unreadable': [0, '无法读取文件'],
  // Words filled into the texts above.
  'some-key': [0, '所传对象键（表单 key 字段或 URL 路径）'],
  'some-action': [0, '对应 action（上传 name/cos:PostObject，下载 name/cos:GetObject）'],
  'file': [0, '文件'],
  'file-sized': [0, '文件（{size} 字节）'],
  'upload-url': [0, '上传地址'],
  'head-url': [0, 'HEAD 地址'],
  'download-url': [0, '下载地址'],
  'to-upload': [0, '要上传'],
  'to-save': [0, '要保存'],
  'to-compress': [0, '要压缩'],
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
  'upload-unsupported': [0, '当前环境不支持上传'],
  'save-unsupported': [0, '当前环境不能保存到相册'],
  'compress-falls-back': [0, '当前环境不能压缩图片，将上传原图'],
  // The component's own words.
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
  'ui-close': [0, '关闭'],
  'ui-save': [0, '保存到相册'],
  'ui-saving': [0, '保存中'],
  'ui-saved': [0, '已保存到相册'],
  'ui-downloaded': [0, '已下载'],
  'ui-permission-denied': [0, '没有保存到相册的权限'],
  'ui-open-setting': [0, '去设置'],
  'ui-oversize': [0, '{count} 张图片超过 {maxSize}，未上传'],
  'ui-not-added': [0, '最多 {maxCount} 张，{count} 张未添加'],
} as const

export type MessageId = keyof typeof ZH

/** A locale pack: a text for each message id (`{name}` placeholders as in zh-CN). */
export type LocalePack = Record<MessageId, string>

const packs: Partial<Record<Locale, Partial<LocalePack>>> = {}

/**
 * Makes a locale pack's texts the `message[locale]` of every diagnosis and reason from now on, e.g.
 * `registerLocale('en', en)` with `import { en } from 'taro-cos-uploader/locale/en'`. Without it, English texts are
 * the zh-CN ones.
 */
export function registerLocale(locale: Locale, pack: Partial<LocalePack>): void {
  packs[locale] = { ...packs[locale], ...pack }
}

const shown = (value: unknown): string => (value == null ? '?' : Array.isArray(value) ? value.join(', ') : String(value))

/** The texts of message `id`, filled from `detail` and from `words` (names whose text is another message). */
export function text(id: MessageId, detail?: Record<string, unknown>, words: Record<string, MessageId> = {}): LocalizedText {
  const fill = (source: MessageId, locale: Locale): string =>
    (packs[locale]?.[source] ?? ZH[source][1]).replace(/\{(\w+)\}/g, (_, name: string) =>
      words[name] ? fill(words[name], locale) : shown(detail && detail[name]))
  return { 'zh-CN': fill(id, 'zh-CN'), en: fill(id, 'en') }
}

/** The diagnosis for `code`: its texts filled from `detail` (kept as the facts) and `words` (kept out of it). */
export function diagnosis(code: MessageId, detail?: Record<string, unknown>, words?: Record<string, MessageId>): Diagnosis {
  return { code, message: text(code, detail, words), retryable: !!ZH[code][0], ...(detail ? { detail } : {}) }
}
