// Why a capability is off (or what it falls back to), for people; the texts are in the host layer's table (texts.ts).
import { hostTexts, type HostMessageId } from './texts'
import type { CapabilityReason, HostId } from './types'

const HOST_NAMES: Record<HostId, string> = {
  weapp: '微信 WeChat', qq: 'QQ', alipay: '支付宝 Alipay', tt: '抖音 Douyin', swan: '百度 Baidu', jd: '京东 JD', h5: 'H5',
  unknown: '?',
}

function reason(code: string, id: HostMessageId = code as HostMessageId, detail?: Record<string, unknown>): CapabilityReason {
  return { code, message: hostTexts.text(id, detail) }
}

export const reasons = {
  unknownHost: () => reason('host-unknown'),
  qqUnverified: () => reason('host-unverified', 'host-unverified-qq'),
  unverified: (host: HostId, what: string) => reason('host-unverified', 'host-unverified', { host: HOST_NAMES[host], what }),
  missingApi: (api: string) => reason('api-missing', 'api-missing', { api }),
  noUpload: () => reason('upload-off'),
  h5NoCompress: () => reason('compress-unsupported'),
  h5DownloadOnly: () => reason('save-downloads'),
  saveByUrl: () => reason('save-by-url'),
  needsUrl: () => reason('save-needs-url'),
  noResult: (api: string) => reason('host-no-result', 'host-no-result', { api }),
}
