// The texts the library shows a person, in tables of zh-CN texts with `{name}` placeholders: this one for the core
// (COS diagnoses, bad-input errors), hosts/texts.ts for host failures and reasons, ui/texts.ts for the component's
// words, node/texts.ts for the tools. Each layer ships only its own table, so a device that uses the core alone
// doesn't carry the component's words. English is a locale pack the app imports (`taro-cos-uploader/locale/en`) and
// registers, as NutUI and antd do, so a Chinese-only mini program doesn't carry it. `{name}` is filled from the
// detail, or from `words`: names whose text is itself a message of the same table.

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
  'network-error': [1, '网络错误或超时'],
  'canceled': [0, '已取消'],
  'host-error': [0, '{errMsg}'],
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
} as const

export type MessageId = keyof typeof ZH

/** A locale pack: a text for each message id of every table (`{name}` placeholders as in zh-CN). */
export type LocalePack = Record<string, string>

const packs: Partial<Record<Locale, LocalePack>> = {}

/**
 * Makes a locale pack's texts the `message[locale]` of every diagnosis and reason from now on, e.g.
 * `registerLocale('en', en)` with `import { en } from 'taro-cos-uploader/locale/en'`. Without it, English texts are
 * the zh-CN ones.
 */
export function registerLocale(locale: Locale, pack: Partial<LocalePack>): void {
  packs[locale] = { ...packs[locale], ...pack } as LocalePack
}

const shown = (value: unknown): string => (value == null ? '?' : Array.isArray(value) ? value.join(', ') : String(value))

/** `text` and `diagnosis` over one layer's table of zh-CN texts, in every registered locale. */
export function messagesOf<Id extends string>(zh: Record<Id, readonly [0 | 1, string]>) {
  /** The texts of message `id`, filled from `detail` and from `words` (names whose text is another message). */
  function text(id: Id, detail?: Record<string, unknown>, words: Partial<Record<string, Id>> = {}): LocalizedText {
    const fill = (source: Id, locale: Locale): string =>
      (packs[locale]?.[source] ?? zh[source][1]).replace(/\{(\w+)\}/g, (_, name: string) =>
        words[name] ? fill(words[name]!, locale) : shown(detail && detail[name]))
    return { 'zh-CN': fill(id, 'zh-CN'), en: fill(id, 'en') }
  }
  /** The diagnosis for `code`: its texts filled from `detail` (kept as the facts) and `words` (kept out of it). */
  function diagnosis(code: Id, detail?: Record<string, unknown>, words?: Partial<Record<string, Id>>): Diagnosis {
    return { code, message: text(code, detail, words), retryable: !!zh[code][0], ...(detail ? { detail } : {}) }
  }
  return { text, diagnosis }
}

export const { text, diagnosis } = messagesOf(ZH)
