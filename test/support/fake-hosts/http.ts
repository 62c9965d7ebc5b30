// What a mini-program host does under uploadFile/downloadFile: real HTTP from the test process.
// uploadFile: multipart/form-data, the form fields first and the file part last, written in chunks so that
// progress reflects bytes actually handed to the socket.
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import * as http from 'node:http'
import { basename } from 'node:path'

export interface MultipartPost {
  url: string
  fields: Record<string, string>
  fileField: string
  filePath: string
  headers?: Record<string, string>
  chunkSize?: number
  onProgress(sent: number, total: number): void
  onHeaders(headers: Record<string, string>): void
}

export interface HttpAnswer { statusCode: number; headers: Record<string, string>; body: Buffer }

/** `*.localhost` is loopback (RFC 6761); Node's resolver doesn't know that. */
function requestOptions(url: string, method: string, headers: Record<string, string>): http.RequestOptions {
  const u = new URL(url)
  const loopback = /(^|\.)localhost$/i.test(u.hostname)
  return {
    method, host: loopback ? '127.0.0.1' : u.hostname, port: u.port || 80, path: u.pathname + u.search,
    headers: { host: u.host, ...headers },
  }
}

function flatten(headers: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value
  return out
}

function collect(res: http.IncomingMessage): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    res.on('data', (c: Buffer) => chunks.push(c))
    res.on('end', () => resolve({ statusCode: res.statusCode || 0, headers: flatten(res.headers), body: Buffer.concat(chunks) }))
    res.on('error', reject)
  })
}

export function multipartPost(post: MultipartPost): { done: Promise<HttpAnswer>; abort(): void } {
  const boundary = `----fakehost${randomBytes(8).toString('hex')}`
  const parts: Buffer[] = []
  for (const [name, value] of Object.entries(post.fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`))
  }
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${post.fileField}"; filename="${basename(post.filePath)}"\r\n` +
    'Content-Type: application/octet-stream\r\n\r\n'))
  parts.push(readFileSync(post.filePath), Buffer.from(`\r\n--${boundary}--\r\n`))
  const body = Buffer.concat(parts)
  const req = http.request(requestOptions(post.url, 'POST', {
    ...post.headers, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(body.length),
  }))
  const done = new Promise<HttpAnswer>((resolve, reject) => {
    req.on('response', (res) => {
      post.onHeaders(flatten(res.headers))
      collect(res).then(resolve, reject)
    })
    req.on('error', reject)
  })
  const size = post.chunkSize ?? 16 * 1024
  let sent = 0
  const writeNext = (): void => {
    if (sent >= body.length) return void req.end()
    const chunk = body.subarray(sent, sent + size)
    req.write(chunk, () => {
      sent += chunk.length
      post.onProgress(sent, body.length)
      writeNext()
    })
  }
  writeNext()
  return { done, abort: () => req.destroy(new Error('abort')) }
}

export function httpRequest(url: string, method = 'GET', headers: Record<string, string> = {}, body?: Buffer): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(requestOptions(url, method, body ? { ...headers, 'content-length': String(body.length) } : headers))
    req.on('response', (res) => collect(res).then(resolve, reject))
    req.on('error', reject)
    req.end(body)
  })
}

export function httpGet(url: string): Promise<HttpAnswer> {
  return httpRequest(url)
}
