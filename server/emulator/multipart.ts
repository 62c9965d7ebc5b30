// A streaming multipart/form-data reader: small text fields are buffered, the file part is handed on chunk by
// chunk, so an upload of any size never sits in memory.
import type { BodyReader } from './bodyReader'
import { malformedPost } from './cosError'

export interface PartHeaders {
  name: string
  /** Present on file parts. */
  filename?: string
  contentType?: string
}

const MAX_HEADER_BYTES = 16 * 1024
const CRLF = Buffer.from('\r\n')
const HEADER_END = Buffer.from('\r\n\r\n')

/** The boundary of a `multipart/form-data; boundary=…` Content-Type, or undefined. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  const match = /^multipart\/form-data\s*;(?:.*;)?\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType || '')
  return match ? match[1] || match[2] : undefined
}

function parsePartHeaders(block: string): PartHeaders {
  let disposition = ''
  let contentType: string | undefined
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':')
    if (colon < 1) throw malformedPost()
    const name = line.slice(0, colon).trim().toLowerCase()
    const value = line.slice(colon + 1).trim()
    if (name === 'content-disposition') disposition = value
    if (name === 'content-type') contentType = value
  }
  if (!/^form-data\s*(;|$)/i.test(disposition)) throw malformedPost()
  const param = (key: string) => {
    const match = new RegExp(`;\\s*${key}="([^"]*)"`, 'i').exec(disposition) || new RegExp(`;\\s*${key}=([^;\\s"]+)`, 'i').exec(disposition)
    return match ? match[1] : undefined
  }
  const name = param('name')
  if (name === undefined) throw malformedPost()
  return { name, filename: param('filename'), contentType }
}

export class MultipartReader {
  // A virtual leading CRLF makes every boundary, the first included, read `\r\n--<boundary>`.
  private buffer: Buffer = CRLF
  private readonly delimiter: Buffer
  private state: 'start' | 'between' | 'body' | 'done' = 'start'

  constructor(private readonly body: BodyReader, boundary: string) {
    this.delimiter = Buffer.from(`\r\n--${boundary}`)
  }

  /** Headers of the next part, or null after the closing boundary. The previous part must have been read. */
  async nextPart(): Promise<PartHeaders | null> {
    if (this.state === 'start') {
      await this.skipTo(this.delimiter)
      this.state = 'between'
    }
    if (this.state !== 'between') throw new Error('previous part not consumed')
    await this.fill(2)
    const marker = this.buffer.subarray(0, 2).toString('latin1')
    this.buffer = this.buffer.subarray(2)
    if (marker === '--') {
      this.state = 'done'
      return null
    }
    if (marker !== '\r\n') throw malformedPost()
    const end = await this.find(HEADER_END, MAX_HEADER_BYTES)
    const headers = parsePartHeaders(this.buffer.subarray(0, end).toString('utf8'))
    this.buffer = this.buffer.subarray(end + HEADER_END.length)
    this.state = 'body'
    return headers
  }

  /** The current part's body as UTF-8 text, at most `limit` bytes. */
  async readText(limit: number): Promise<string> {
    const chunks: Buffer[] = []
    let size = 0
    await this.readBody(async (chunk) => {
      size += chunk.length
      if (size > limit) throw malformedPost()
      chunks.push(chunk)
    })
    return Buffer.concat(chunks).toString('utf8')
  }

  /** Streams the current part's body to `sink`, awaiting it for back-pressure. */
  async readBody(sink: (chunk: Buffer) => Promise<void>): Promise<void> {
    if (this.state !== 'body') throw new Error('no part body to read')
    const keep = this.delimiter.length - 1
    for (;;) {
      const at = this.buffer.indexOf(this.delimiter)
      if (at >= 0) {
        if (at > 0) await sink(this.buffer.subarray(0, at))
        this.buffer = this.buffer.subarray(at + this.delimiter.length)
        this.state = 'between'
        return
      }
      if (this.buffer.length > keep) {
        await sink(this.buffer.subarray(0, this.buffer.length - keep))
        this.buffer = this.buffer.subarray(this.buffer.length - keep)
      }
      await this.more()
    }
  }

  private async more(): Promise<void> {
    const chunk = await this.body.read()
    if (!chunk) throw malformedPost()
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk
  }

  private async fill(size: number): Promise<void> {
    while (this.buffer.length < size) await this.more()
  }

  private async find(needle: Buffer, limit: number): Promise<number> {
    for (;;) {
      const at = this.buffer.indexOf(needle)
      if (at >= 0) return at
      if (this.buffer.length > limit) throw malformedPost()
      await this.more()
    }
  }

  private async skipTo(needle: Buffer): Promise<void> {
    for (;;) {
      const at = this.buffer.indexOf(needle)
      if (at >= 0) {
        this.buffer = this.buffer.subarray(at + needle.length)
        return
      }
      if (this.buffer.length > MAX_HEADER_BYTES) throw malformedPost()
      await this.more()
    }
  }
}
