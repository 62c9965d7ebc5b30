// Every diagnosis the library gives, in one table. `{name}` is filled from the diagnosis detail, or from words
// given per language. Texts stay short: they ship in every mini program.
import type { Diagnosis, Locale, LocalizedText } from './errors'

// [retryable, en, zh-CN (default: en)]
const TEXTS = {
  'access-denied': [0, 'Denied: STS policy must allow {action} on {key} (check actions and allowPrefix)', '无权限：STS 策略需允许对 {key} 执行 {action}（检查 action 与 allowPrefix）'],
  'key-outside-prefix': [0, 'Key {key} outside allowed prefix {allowPrefix}', '{key} 不在允许前缀 {allowPrefix} 内'],
  'policy-condition-mismatch': [0, 'Form breaks policy condition {field}', '表单不符策略条件 {field}'],
  'policy-expired': [1, 'POST policy expired', '上传策略已过期'],
  'request-expired': [1, 'Signature expired (device clock off {offset}): refresh keys; if skewed, sign with server time',
    '签名已过期（时钟偏差 {offset}）：刷新密钥或按服务器时间签名'],
  'signature-not-yet-valid': [1, 'Signature not valid yet: its start time is {ahead} ahead of COS; the clock that set it (STS server or device) runs fast',
    '签名尚未生效：起始时间比 COS 快 {ahead}，签名所用时钟（STS 服务器或设备）偏快'],
  'clock-skewed': [1, 'Device clock off {offset}: sign with server time', '设备时钟偏差 {offset}，请按服务器时间签名'],
  'signature-mismatch': [0, 'Signature mismatch at {at}; typical: unsigned Content-Type, "+" not sent as %2B',
    '签名不符（{at}）：常因 Content-Type 未签或 "+" 未编码'],
  'secret-key-mismatch': [0, 'Strings match: wrong SecretKey', '签名串一致：SecretKey 错误'],
  'invalid-access-key-id': [0, 'Unknown SecretId (or TmpSecretId without token)', 'SecretId 无效或缺 token'],
  'expired-token': [1, 'Temporary key expired', '临时密钥已过期'],
  'no-such-bucket': [0, 'No such bucket: check name-appid, region', '存储桶不存在：查桶名和地域'],
  'entity-too-large': [0, '{file} over the POST policy content-length-range: check its max (and the size the policy server was told); keep maxSize ≤ it',
    '{file}超过上传策略 content-length-range 上限：检查该上限（及告知策略服务的大小），maxSize 不应大于它'],
  'entity-too-small': [0, '{file} under the POST policy content-length-range: check its min (and the size the policy server was told); a min ≥ 1 refuses empty files',
    '{file}低于上传策略 content-length-range 下限：检查该下限（及告知策略服务的大小）；下限 ≥ 1 时空文件被拒'],
  'invalid-policy-document': [0, 'Invalid POST policy: conditions need q-sign-algorithm "sha1", q-ak, q-sign-time (= q-key-time); ' +
    'expiration in ISO 8601 UTC; policy = base64 of the exact JSON text signed',
    '上传策略无效：conditions 须含 q-sign-algorithm "sha1"、q-ak、q-sign-time（= q-key-time）；expiration 用 ISO 8601 UTC；policy 须为所签 JSON 原文的 base64'],
  'malformed-post-request': [0, 'Malformed multipart form: every field before the file part; the file part last, named "file"',
    '表单格式错误：所有字段须在文件之前；文件部分放最后，字段名为 "file"'],
  'path-style-forbidden': [0, 'Path style refused: turn it off, allowlist {domain}', '禁用路径式域名：请关闭，并将 {domain} 加入合法域名'],
  'server-error': [1, 'COS error {status}: retry', 'COS 服务错误 {status}，请重试'],
  'cos-error': [0, 'COS {status} {Code}: {Message}', 'COS 错误 {status} {Code}：{Message}'],
  'domain-not-allowed': [0, '{domain} not in {list} allowlist', '{domain} 不在 {list} 合法域名中'],
  'privacy-scope-undeclared': [0, 'Declare “{declare}” in privacy guide', '请在隐私保护指引中声明“{declare}”'],
  'privacy-not-authorized': [1, 'User declined privacy terms', '用户未同意隐私协议'],
  'permission-denied': [0, 'Album permission refused', '未授权相册'],
  'network-error': [1, 'Network error or timeout', '网络错误或超时'],
  'canceled': [0, 'Canceled', '已取消'],
  'host-error': [0, '{errMsg}'],
  'invalid-options': [0, 'Bad option {option}', '选项 {option} 无效'],
  'invalid-credentials': [0, 'Credentials: bad {field}', '密钥字段 {field} 无效'],
  'permanent-key-refused': [0, 'No sessionToken: permanent keys leak from devices; use STS', '缺 sessionToken：永久密钥会泄露，请用 STS'],
  'credentials-expired': [1, 'Credentials expired ({expiredTime})', '密钥已过期（{expiredTime}）'],
  'credentials-fetch-failed': [1, 'getCredentials failed: {reason}', '获取密钥失败：{reason}'],
} as const

/** Stable, machine-readable codes of the diagnoses in this table. */
export type DiagnosisCode = keyof typeof TEXTS

const shown = (value: unknown): string => (value == null ? '?' : Array.isArray(value) ? value.join(', ') : String(value))

/**
 * The diagnosis for `code`, its texts filled from `detail`; `words` fills the names whose text differs per language
 * (a phrase where a fact is unknown) and stays out of the detail.
 */
export function diagnosis(code: DiagnosisCode, detail?: Record<string, unknown>, words: Record<string, LocalizedText> = {}): Diagnosis {
  const [retryable, en, zh = en] = TEXTS[code] as readonly [number, string, string?]
  const fill = (text: string, locale: Locale) =>
    text.replace(/\{(\w+)\}/g, (_, name: string) => (words[name] ? words[name][locale] : shown(detail && detail[name])))
  return { code, message: { 'zh-CN': fill(zh, 'zh-CN'), en: fill(en, 'en') }, retryable: !!retryable, ...(detail ? { detail } : {}) }
}
