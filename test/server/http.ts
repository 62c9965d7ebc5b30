// Test helpers: plain node:http requests to the emulator (virtual-hosted by Host header), multipart bodies,
// request signing with the core signer, and COS XML error fields.
import * as http from 'node:http'
import { randomBytes } from 'node:crypto'
import type { RunningEmulator } from '../../server/emulator'
import { camSafeUrlEncode, signRequest, type SignableValues } from '../../src/lib/core/sign'

export const BUCKET = 'examplebucket-1250000000'
export const LEGACY_BUCKET = 'legacybucket-1250000000'

export interface HttpAnswer {
  status: number
  headers: http.IncomingHttpHeaders
  body: Buffer
  text: string
}

export interface SendOptions {
  method?: string
  headers?: Record<string, string>
  body?: Buffer | string
  /** Request target as written on the request line (absolute form for proxy-style requests). */
  path?: string
}

export function send(origin: string, options: SendOptions = {}): Promise<HttpAnswer> {
  const { hostname, port } = new URL(origin)
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, method: options.method || 'GET', path: options.path || '/', headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk) => chunks.push(chunk))
      res.on('end', () => {
        const body = Buffer.concat(chunks)
        resolve({ status: res.statusCode as number, headers: res.headers, body, text: body.toString('utf8') })
      })
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(options.body)
  })
}

/** A field of a COS XML answer (`Code`, `Message`, `StringToSign`…), XML entities decoded. */
export function xmlField(text: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(text)
  return match ? match[1].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&') : undefined
}

export const virtualHost = (emulator: RunningEmulator, bucket = BUCKET) => `${bucket}.cos.${emulator.region}.localhost:${emulator.port}`

/** `start;end` around the emulator's clock. */
export function keyTimeAround(emulator: RunningEmulator, before = 60, after = 900): string {
  const now = Math.floor(emulator.now() / 1000)
  return `${now - before};${now + after}`
}

/** Encodes a key for the request path as the SDKs do. */
export const keyPath = (key: string) => '/' + camSafeUrlEncode(key).replace(/%2F/g, '/')

export interface Credentials {
  secretId: string
  secretKey: string
  sessionToken?: string
}

/** Headers for a request signed with the core signer (Authorization + x-cos-security-token when temporary). */
export function signedHeaders(input: {
  credentials: Credentials
  method: string
  pathname: string
  headers: Record<string, string>
  query?: SignableValues
  keyTime: string
}): Record<string, string> {
  const authorization = signRequest({
    secretId: input.credentials.secretId,
    secretKey: input.credentials.secretKey,
    method: input.method,
    pathname: input.pathname,
    headers: input.headers,
    query: input.query,
    keyTime: input.keyTime,
  })
  return {
    ...input.headers,
    Authorization: authorization,
    ...(input.credentials.sessionToken ? { 'x-cos-security-token': input.credentials.sessionToken } : {}),
  }
}

/** A multipart/form-data body: the fields in order, then the `file` part. */
export function multipart(fields: Record<string, string>, file: Buffer, filename = 'photo.jpg'): { body: Buffer; contentType: string } {
  const boundary = '----cosTest' + randomBytes(8).toString('hex')
  const head = Object.entries(fields)
    .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
    .join('')
  const fileHead = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`
  return {
    body: Buffer.concat([Buffer.from(head + fileHead, 'utf8'), file, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  }
}
