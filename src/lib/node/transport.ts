// A FormTransport over node:http/https for Node tools and tests: streams a file from disk as
// multipart/form-data (fields first, the `file` part last), reports progress as the socket accepts bytes,
// and can be aborted or timed out (a whole-request `timeout` if asked, an idle timeout always). Rejects only with
// CosUploaderError (kind 'network' or 'canceled').
import { randomBytes } from 'node:crypto'
import { createReadStream, promises as fs } from 'node:fs'
import * as http from 'node:http'
import * as https from 'node:https'
import { lookup as dnsLookup } from 'node:dns'
import { basename } from 'node:path'
import { TLSSocket } from 'node:tls'
import { CosUploaderError, InvalidInputError } from '../core/errors'
import { diagnosis } from '../core/messages'
import { DEFAULT_IDLE_TIMEOUT_MS } from '../core/transport'
import type {
  FormTransport, FormUploadRequest, FormUploadResponse, FormUploadTask, HeadResponse, UploadProgress,
} from '../core/transport'
import { nodeTexts } from './texts'

export interface NodeTransportOptions {
  /** Bytes per file read; progress advances in steps of at most this size. Default 64 KiB. */
  chunkSize?: number
  agent?: http.Agent
}

/** RFC 6761: `*.localhost` is loopback. Chromium resolves it so; Node's resolver doesn't, so we do it here. */
const lookup: typeof dnsLookup = ((hostname: string, options: unknown, callback: unknown) => {
  if (!/(^|\.)localhost$/i.test(hostname)) return (dnsLookup as Function)(hostname, options, callback)
  const cb = (typeof options === 'function' ? options : callback) as Function
  const all = typeof options === 'object' && options !== null && (options as { all?: boolean }).all
  return all ? cb(null, [{ address: '127.0.0.1', family: 4 }]) : cb(null, '127.0.0.1', 4)
}) as typeof dnsLookup

function networkError(reason: string, cause?: unknown): CosUploaderError {
  return new CosUploaderError('network', diagnosis('network-error', { reason }), { cause })
}

const canceledError = () => new CosUploaderError('canceled', diagnosis('canceled'))

/** Form-data field names and file names may not contain CR, LF or quotes inside the part header. */
function headerSafe(text: string): string {
  return text.replace(/[\r\n"]/g, (c) => encodeURIComponent(c))
}

function multipartParts(request: FormUploadRequest, boundary: string): { head: Buffer; tail: Buffer } {
  const fields = Object.entries(request.formData).map(([name, value]) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${headerSafe(name)}"\r\n\r\n${value}\r\n`)
  const fileName = headerSafe(request.fileName ?? basename(request.filePath))
  const fileHead = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
    'Content-Type: application/octet-stream\r\n\r\n'
  return { head: Buffer.from(fields.join('') + fileHead, 'utf8'), tail: Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8') }
}

function lowerCaseHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value
  }
  return out
}

export function createNodeTransport(options: NodeTransportOptions = {}): FormTransport {
  const chunkSize = options.chunkSize ?? 64 * 1024
  return {
    uploadForm(request: FormUploadRequest): FormUploadTask {
      const listeners: Array<(progress: UploadProgress) => void> = []
      let req: http.ClientRequest | undefined
      let settled = false
      let aborted = false
      let rejectResponse: (error: unknown) => void = () => undefined
      let moved = (): void => undefined

      const response = new Promise<FormUploadResponse>((resolve, reject) => {
        let timer: NodeJS.Timeout | undefined
        let idleTimer: NodeJS.Timeout | undefined
        const settle = () => {
          settled = true
          clearTimeout(timer)
          clearTimeout(idleTimer)
        }
        const fail = (error: unknown) => {
          if (settled) return
          settle()
          req?.destroy()
          reject(error)
        }
        rejectResponse = fail
        // Like uploadFile's `timeout`: a limit on the whole request, not on inactivity.
        const timeout = request.timeout
        if (timeout) timer = setTimeout(() => fail(networkError(`timeout: no answer within ${timeout} ms`)), timeout)
        // And a limit on inactivity, always: any progress (bytes handed to the socket, bytes of the answer) restarts it.
        const idleTimeout = request.idleTimeout ?? DEFAULT_IDLE_TIMEOUT_MS
        moved = () => {
          clearTimeout(idleTimer)
          if (!settled) idleTimer = setTimeout(() => fail(networkError(`timeout: no progress for ${idleTimeout} ms`)), idleTimeout)
        }
        moved()

        fs.stat(request.filePath).then((stat) => {
          if (aborted) return fail(canceledError())
          const boundary = `----CosUploader${randomBytes(12).toString('hex')}`
          const { head, tail } = multipartParts(request, boundary)
          const total = head.length + stat.size + tail.length
          const url = new URL(request.url)
          const client = url.protocol === 'https:' ? https : http
          let loaded = 0
          const sent = (bytes: number) => {
            loaded += bytes
            if (settled) return
            moved()
            const progress = { loaded, total, percent: Math.min(100, Math.floor((loaded / total) * 100)) }
            for (const listener of listeners) listener(progress)
          }

          req = client.request(url, {
            method: 'POST',
            agent: options.agent,
            lookup,
            headers: {
              ...request.headers,
              'Content-Type': `multipart/form-data; boundary=${boundary}`,
              'Content-Length': String(total),
            },
          }, (res) => {
            const chunks: Buffer[] = []
            res.on('data', (chunk: Buffer) => {
              moved()
              chunks.push(chunk)
            })
            res.on('error', (error) => fail(networkError(error.message, error)))
            res.on('end', () => {
              if (settled) return
              settle()
              resolve({
                statusCode: res.statusCode ?? 0,
                headers: lowerCaseHeaders(res.headers),
                data: Buffer.concat(chunks).toString('utf8'),
              })
            })
          })
          req.on('error', (error) => fail(aborted ? canceledError() : networkError(error.message, error)))

          const body = req
          body.write(head, () => sent(head.length))
          const file = createReadStream(request.filePath, { highWaterMark: chunkSize })
          file.on('data', (chunk) => {
            const bytes = chunk.length
            // The write callback runs once the chunk has been handed to the socket: real upload progress.
            if (!body.write(chunk, () => sent(bytes))) {
              file.pause()
              body.once('drain', () => file.resume())
            }
          })
          file.on('error', (error) => fail(networkError(`cannot read the file: ${error.message}`, error)))
          file.on('end', () => body.end(tail, () => sent(tail.length)))
        }, (error: NodeJS.ErrnoException) => fail(new InvalidInputError(nodeTexts.diagnosis('file-unreadable', { errno: error.code }))))
      })

      return {
        onProgress(listener) {
          listeners.push(listener)
        },
        abort() {
          if (settled) return
          aborted = true
          // A reset, not a FIN: the server drops what its socket buffered instead of reading it as a whole body
          // (the kernel may already hold all of a small file), so an abort mid-body never stores the object.
          // TLS sockets can't be reset (ERR_INVALID_HANDLE_TYPE); Node < 18.3 lacks the method: there, destroy.
          const socket = req?.socket
          if (socket && !(socket instanceof TLSSocket) && typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy()
          rejectResponse(canceledError())
        },
        response,
      }
    },
    head({ url, timeout = DEFAULT_IDLE_TIMEOUT_MS, signal }) {
      return new Promise<HeadResponse>((resolve, reject) => {
        if (signal?.aborted) return reject(canceledError())
        const target = new URL(url)
        const client = target.protocol === 'https:' ? https : http
        const req = client.request(target, { method: 'HEAD', agent: options.agent, lookup }, (res) => {
          res.resume()
          res.on('end', () => resolve({ statusCode: res.statusCode ?? 0, headers: lowerCaseHeaders(res.headers) }))
        })
        const fail = (error: CosUploaderError) => {
          reject(error)
          req.destroy()
        }
        const timer = setTimeout(() => fail(networkError(`timeout: no answer within ${timeout} ms`)), timeout)
        req.on('close', () => clearTimeout(timer))
        req.on('error', (error) => fail(networkError(error.message, error)))
        signal?.addEventListener('abort', () => fail(canceledError()))
        req.end()
      })
    },
  }
}
