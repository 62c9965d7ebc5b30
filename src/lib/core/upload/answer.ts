// COS's answer to an upload, or its loss. Only a 2xx answer is a success; anything else becomes a diagnosed
// CosServiceError. When the answer is lost (a reset or timeout after the body was sent), the file may be stored or
// not. A signed HEAD tells, where the transport can send one and the key's scope allows it, and only when it
// identifies the attempt: every form carries a marker of its own in `x-cos-meta-attempt`, which COS stores and
// answers back on HEAD. The size alone can't tell this attempt's bytes from an older object's.
import { errorFromResponse } from '../diagnose'
import type { CosUploaderError } from '../errors'
import { META_PREFIX } from '../post'
import type { FormTransport, FormUploadResponse, HeadRequest } from '../transport'
import { objectUrl, type ResolvedEndpoint } from '../url'
import type { PickedFile, UploadedItem } from './types'

/** The metadata name of the attempt marker: the form field and the HEAD answer's header are `x-cos-meta-attempt`. */
export const ATTEMPT_META = 'attempt'
export const ATTEMPT_FIELD = META_PREFIX + ATTEMPT_META

/**
 * A fresh marker per attempt, 20 base-36 characters. Math.random, not the uploader's injectable `random`: a seeded
 * one repeats itself across uploaders, and two attempts must never share a marker.
 */
export function attemptMarker(nowMs: number): string {
  let marker = Math.floor(nowMs).toString(36).slice(-8)
  while (marker.length < 20) marker += Math.floor(Math.random() * 36).toString(36)
  return marker
}

/**
 * A network failure once the request was handed to the transport: COS may have stored the file and only its answer
 * was lost. Progress can't tell: some hosts send no progress events, and the last one can be missed.
 */
export function answerMayBeLost(error: CosUploaderError, requestSent: boolean): boolean {
  return requestSent && error.kind === 'network'
}

export interface AttemptCheck {
  /** The marker the attempt's form carried in ATTEMPT_FIELD; undefined when it carried none (nobody can tell). */
  marker?: string
  /** A HEAD URL for the key; undefined when there is none (a server-signed form that came without one). */
  headUrl(): Promise<string | undefined>
}

/**
 * `item` (with the ETag the HEAD answer gives) when a HEAD finds the object with `item.size` bytes and this
 * attempt's marker. Undefined when it is missing, another size or another attempt's, or when nobody can tell: no
 * marker in the form, no head() on the transport, no HEAD URL, the marker header not exposed (CORS), HEAD refused by
 * the key's scope, or failed. The caller then retries rather than guesses.
 */
export async function storedUpload(
  transport: FormTransport, check: AttemptCheck, item: UploadedItem, request: Omit<HeadRequest, 'url'> = {},
): Promise<UploadedItem | undefined> {
  if (!transport.head || !check.marker) return undefined
  try {
    const url = await check.headUrl()
    if (!url || request.signal?.aborted) return undefined
    const { statusCode, headers } = await transport.head({ url, ...request })
    const ours = headers[ATTEMPT_FIELD] === check.marker && Number(headers['content-length']) === item.size
    if (statusCode < 200 || statusCode > 299 || !ours) return undefined
    return headers.etag ? { ...item, etag: headers.etag } : item
  } catch {
    return undefined
  }
}

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
