// The origins a mini program must allowlist (服务器域名) for an upload location.
import { invalidEndpoint, parseHttpUrl, resolveEndpoint, type CosLocation } from '../core/url'

export interface AllowlistDomains {
  uploadFile: string[]
  request: string[]
  downloadFile: string[]
}

function originOf(url: string): string | undefined {
  const parts = parseHttpUrl(url)
  return parts && `${parts.protocol}//${parts.host}`
}

/**
 * uploadFile: the bucket origin (POST Object). request: the bucket origin (the HEAD that checks an upload whose
 * answer was lost) and the STS service's.
 * downloadFile: the bucket origin (saving to the album, getImageInfo). Hosts require https in production.
 */
export function allowlistDomains(location: CosLocation, options: { stsUrl?: string } = {}): AllowlistDomains {
  const cos = originOf(resolveEndpoint(location).baseUrl) as string
  const request = [cos]
  if (options.stsUrl !== undefined) {
    const sts = originOf(options.stsUrl)
    if (!sts) throw invalidEndpoint({ stsUrl: options.stsUrl })
    if (sts !== cos) request.push(sts)
  }
  return { uploadFile: [cos], request, downloadFile: [cos] }
}
