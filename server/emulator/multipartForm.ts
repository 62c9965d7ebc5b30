// A PostObject form read by busboy, streaming: the text fields before the file part are collected, the file part is
// handed on as a stream (never held in memory), and the form counts as received only once the whole request body
// has arrived, so a body cut short is never stored.
// busboy rather than @fastify/busboy: that one reads the global TextDecoder as it loads, which the jsdom environments
// that run the emulator beside a simulated mini program lack, and giving them one would hide a use of it in the
// library that mini-program hosts don't have either.
import busboy, { type Busboy } from 'busboy'
import { pipeline, type Readable } from 'node:stream'
import { CosHttpError, malformedPost } from './cosError'
import { BodyAbortedError, type RequestBody } from './requestBody'

// A field is at most 64 KiB (its value truncated past that is refused), a part's headers 16 KiB (busboy's own
// bound); one file part.
const LIMITS = { fieldSize: 64 * 1024, fields: 100, files: 1, headerPairs: 20 }

export interface PostForm {
  /** The fields sent before the file part, by lower-cased name. */
  fields: Record<string, string>
  filename: string
  /** The file part's bytes; throws COS's error when the body breaks off or is malformed. */
  file: AsyncIterable<Buffer>
  /** Resolves once the whole body has arrived; throws if a part followed the file, or if the body broke off. */
  received(): Promise<void>
}

const fileNotLast = () => new CosHttpError(400, 'InvalidArgument', 'The file field must be the last field.')

/** Errors of the body itself (client gone, idle) win over the parse error they cause. */
const bodyOrMalformed = (error: unknown) =>
  error instanceof BodyAbortedError || error instanceof CosHttpError ? error : malformedPost()

/** The file stream fails with busboy's own wording; the reason that counts is the whole body's. */
async function* fileChunks(stream: Readable, received: Promise<void>): AsyncIterable<Buffer> {
  try {
    for await (const chunk of stream) yield chunk as Buffer
  } catch {
    await received
    throw malformedPost()
  }
}

/** Resolves at the file part, with the fields before it; rejects with COS's error for a form it can't use. */
export function openPostForm(body: RequestBody, contentType: string | undefined): Promise<PostForm> {
  let form: Busboy
  try {
    form = busboy({ headers: { 'content-type': contentType || '' }, limits: LIMITS })
  } catch {
    // No multipart/form-data Content-Type, or no boundary in it.
    throw malformedPost()
  }
  return new Promise<PostForm>((resolve, reject) => {
    const fields: Record<string, string> = {}
    let parts = 0
    let file: Readable | undefined
    let problem: CosHttpError | undefined
    let settleReceived: ((error?: unknown) => void) | undefined
    const received = new Promise<void>((resolveReceived, rejectReceived) => {
      settleReceived = (error) => (error ? rejectReceived(error) : resolveReceived())
    })
    received.catch(() => undefined)
    const fail = (error: CosHttpError) => {
      problem ??= error
      if (!file) reject(problem)
    }
    form.on('field', (name, value, { valueTruncated }) => {
      parts++
      if (file) return fail(fileNotLast())
      // busboy reads a part without a filename (and not application/octet-stream) as text: a `file` field sent so,
      // which no SDK or mini-program host does, is refused rather than stored as a truncated text.
      if (valueTruncated || name === 'file') return fail(malformedPost())
      fields[name.toLowerCase()] = value
    })
    form.on('file', (_name, stream, { filename }) => {
      parts++
      if (file || problem) return void stream.resume()
      file = stream
      // Its reader sees errors through its own listener; this one keeps a late error from being unhandled.
      stream.on('error', () => undefined)
      resolve({ fields, filename: filename || '', file: fileChunks(stream, received), received: () => received })
    })
    form.on('fieldsLimit', () => fail(malformedPost()))
    form.on('filesLimit', () => fail(fileNotLast()))
    pipeline(body, form, (error) => {
      if (error) {
        const cause = bodyOrMalformed(error)
        file?.destroy(cause)
        reject(cause)
        return settleReceived!(cause)
      }
      // busboy skips parts without a form-data Content-Disposition: a form where it found none is malformed.
      if (!file) reject(problem ?? (parts ? new CosHttpError(400, 'InvalidArgument', 'The POST request has no file field.') : malformedPost()))
      settleReceived!(problem)
    })
  })
}
