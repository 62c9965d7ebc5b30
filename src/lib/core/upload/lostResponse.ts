// When the answer to an upload is lost (a reset or timeout after the body was sent), the file may be stored or
// not. A signed HEAD tells, where the transport can send one and the key's scope allows it (issue 7).
import type { CosUploaderError } from '../errors'
import type { FormTransport } from '../transport'
import type { UploadedItem } from './types'

/**
 * A network failure once the request was handed to the transport: COS may have stored the file and only its answer
 * was lost. Progress can't tell: some hosts send no progress events, and the last one can be missed.
 */
export function answerMayBeLost(error: CosUploaderError, requestSent: boolean): boolean {
  return requestSent && error.kind === 'network'
}

/**
 * `item` (with the ETag the HEAD answer gives) when a HEAD of `headUrl()` finds the object with `item.size` bytes.
 * Undefined when it is missing or another size, or when nobody can tell: no head() on the transport, no signed URL
 * (server-signed policy), HEAD refused by the key's scope, or failed.
 */
export async function storedUpload(
  transport: FormTransport, headUrl: () => Promise<string | undefined>, item: UploadedItem, timeout?: number,
): Promise<UploadedItem | undefined> {
  if (!transport.head) return undefined
  try {
    const url = await headUrl()
    if (!url) return undefined
    const { statusCode, headers } = await transport.head({ url, timeout })
    if (statusCode < 200 || statusCode > 299 || Number(headers['content-length']) !== item.size) return undefined
    return headers.etag ? { ...item, etag: headers.etag } : item
  } catch {
    return undefined
  }
}
