// Why a capability is off (or what it falls back to), for people: zh-CN and en. Errors from host APIs are
// diagnosed in core (hostErrorFrom); these texts are what only the host layer knows.
import type { CapabilityReason, HostId } from './types'

const HOST_NAMES: Record<HostId, string> = {
  weapp: '微信 WeChat', qq: 'QQ', alipay: '支付宝 Alipay', tt: '抖音 Douyin', swan: '百度 Baidu', jd: '京东 JD', h5: 'H5',
  unknown: '?',
}

function reason(code: string, zh: string, en: string): CapabilityReason {
  return { code, message: { 'zh-CN': zh, en } }
}

export const reasons = {
  unknownHost: () => reason('host-unknown',
    '无法识别运行平台（TARO_ENV），已停用此功能',
    'Unknown host (TARO_ENV is not weapp/qq/alipay/tt/swan/jd/h5): turned off'),
  qqUnverified: () => reason('host-unverified',
    'COS 官方只说明支持微信小程序，QQ 小程序直传未经验证；确需使用请设置 allowUnverifiedHosts（风险自负）',
    'COS documents mini-program support for WeChat only; uploads from QQ are unverified. Set allowUnverifiedHosts to opt in at your own risk'),
  unverified: (host: HostId, what: string) => reason('host-unverified',
    `${HOST_NAMES[host]} 的 ${what} 未经验证；确需使用请设置 allowUnverifiedHosts（风险自负）`,
    `${what} on ${HOST_NAMES[host]} is unverified. Set allowUnverifiedHosts to opt in at your own risk`),
  missingApi: (api: string) => reason('api-missing',
    `当前平台或基础库没有 ${api}，请升级客户端`,
    `This host or base library has no ${api}; update the app`),
  noUpload: () => reason('upload-off', '上传不可用，因此没有进度和取消', 'Upload is off, so there is no progress or abort'),
  h5NoCompress: () => reason('compress-unsupported',
    'H5 无法压缩图片（Taro 的 compressImage 是空实现）',
    "H5 can't compress images (Taro's compressImage is a stub)"),
  h5DownloadOnly: () => reason('save-downloads',
    '浏览器无法存入相册，只会下载图片',
    "Browsers can't save to the album; the image is downloaded instead"),
  saveByUrl: () => reason('save-by-url',
    '此支付宝版本只能用 my.saveImage 保存网络图片',
    'This Alipay version can only save online images (my.saveImage)'),
  needsUrl: () => reason('save-needs-url',
    '此支付宝版本只能保存网络图片，请传入图片 URL',
    'This Alipay version can only save online images: pass the image URL'),
  noResult: (api: string) => reason('host-no-result',
    `${api} 没有返回文件路径`,
    `${api} returned no file path`),
}
