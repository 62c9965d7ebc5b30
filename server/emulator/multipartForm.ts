// A PostObject form read by busboy, streaming: the text fields before the file part are collected, the file part is
// handed on as a stream (never held in memory), and the form counts as received only once the whole request body
// has arrived, so a body cut short is never stored.
import { Busboy, type BusboyFileStream, type BusboyInstance } from '@fastify/busboy'
import { pipeline } from 'node:stream'
import { CosHttpError, malformedPost } from './cosError'
import { BodyAbortedError, type RequestBody } from './requestBody'

// A field is at most 64 KiB (its value truncated past that is refused), a part's headers 16 KiB; one file part.
const LIMITS = { fieldSize: 64 * 1024, fields: 100, files: 1, headerPairs: 20, headerSize: 16 * 1024 }

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
async function* fileChunks(stream: BusboyFileStream, received: Promise<void>): AsyncIterable<Buffer> {
  try {
    for await (const chunk of stream) yield chunk as Buffer
  } catch {
    await received
    throw malformedPost()
  }
}

/** Resolves at the file part, with the fields before it; rejects with COS's error for a form it can't use. */
export function openPostForm(body: RequestBody, contentType: string | undefined): Promise<PostForm> {
  let busboy: BusboyInstance
  try {
    busboy = Busboy({
      headers: { 'content-type': contentType || '' },
      limits: LIMITS,
      // The `file` field is the file part, with or without a filename (the mini-program hosts always send one).
      isPartAFile: (name, _type, filename) => filename !== undefined || name === 'file',
    })
  } catch {
    // No multipart/form-data Content-Type, or no boundary in it.
    throw malformedPost()
  }
  return new Promise<PostForm>((resolve, reject) => {
    const fields: Record<string, string> = {}
    let parts = 0
    let file: BusboyFileStream | undefined
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
    busboy.on('field', (name, value, _nameTruncated, valueTruncated) => {
      parts++
      if (file) return fail(fileNotLast())
      if (valueTruncated) return fail(malformedPost())
      fields[name.toLowerCase()] = value
    })
    busboy.on('file', (_name, stream, filename) => {
      parts++
      if (file || problem) return void stream.resume()
      file = stream
      // Its reader sees errors through its own listener; this one keeps a late error from being unhandled.
      stream.on('error', () => undefined)
      resolve({ fields, filename: filename || '', file: fileChunks(stream, received), received: () => received })
    })
    busboy.on('fieldsLimit', () => fail(malformedPost()))
    busboy.on('filesLimit', () => fail(fileNotLast()))
    pipeline(body, busboy, (error) => {
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
