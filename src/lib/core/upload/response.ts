// Reading COS's answer to a PostObject: only a 2xx is a success; anything else becomes a diagnosed CosServiceError.
import type { ResolvedEndpoint } from '../endpoint'
import { objectUrl } from '../objectUrl'
import { errorFromResponse } from '../parseCosError'
import type { FormUploadResponse } from '../transport'
import type { PickedFile, UploadedItem } from './types'

export interface ResponseContext {
  endpoint: ResolvedEndpoint
  key: string
  file: PickedFile
  allowPrefix?: string[]
  usingTemporaryKey: boolean
  nowMs: number
  /** The signed `start;end`, when the form carries one. */
  keyTime?: string
}

/** The uploaded item for a 2xx answer (ETag when the host exposes headers); throws CosServiceError otherwise. */
export function uploadedItemFrom(response: FormUploadResponse, context: ResponseContext): UploadedItem {
  const { endpoint, key } = context
  if (response.statusCode < 200 || response.statusCode > 299) {
    throw errorFromResponse(response, {
      key,
      size: context.file.size,
      allowPrefix: context.allowPrefix,
      action: 'name/cos:PostObject',
      nowMs: context.nowMs,
      keyTime: context.keyTime,
      usingTemporaryKey: context.usingTemporaryKey,
      domain: endpoint.host,
      pathStyle: endpoint.pathStyle,
    })
  }
  return uploadedItem(endpoint, key, context.file.size, response.headers.etag)
}

export function uploadedItem(endpoint: ResolvedEndpoint, key: string, size: number, etag?: string): UploadedItem {
  return { key, url: objectUrl(endpoint, key), size, ...(etag ? { etag } : {}) }
}
