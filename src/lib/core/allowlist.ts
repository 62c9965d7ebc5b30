// The origins a mini program must allowlist (服务器域名) for an upload location.
import { resolveEndpoint, splitHttpUrl } from './endpoint'
import type { CosLocation } from './endpoint'
import { invalidInput } from './errors'

export interface AllowlistDomains {
  uploadFile: string[]
  request: string[]
  downloadFile: string[]
}

/**
 * uploadFile: the bucket origin (POST Object). request: the bucket origin and the STS service's.
 * downloadFile: the bucket origin (saving to the album, getImageInfo). Hosts require https in production.
 */
export function allowlistDomains(location: CosLocation, options: { stsUrl?: string } = {}): AllowlistDomains {
  const { baseUrl } = resolveEndpoint(location)
  const cos = baseUrl.slice(0, baseUrl.indexOf('/', baseUrl.indexOf('//') + 2))
  const request = [cos]
  if (options.stsUrl !== undefined) {
    const sts = splitHttpUrl(options.stsUrl)
    if (!sts) throw invalidInput('invalid-endpoint', 'STS 地址应为 http(s) URL', 'STS URL must be an http(s) URL', { stsUrl: options.stsUrl })
    const origin = `${sts.protocol}//${sts.host}`
    if (origin !== cos) request.push(origin)
  }
  return { uploadFile: [cos], request, downloadFile: [cos] }
}
