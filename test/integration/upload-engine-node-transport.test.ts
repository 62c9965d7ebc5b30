// server/node-transport.ts against a plain node:http server that keeps every byte it receives.
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import * as http from 'node:http'
import * as https from 'node:https'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createNodeTransport } from '../../src/lib/node'
import { CosUploaderError, InvalidInputError } from '../../src/lib/core/errors'
import { abortSignal, DEFAULT_IDLE_TIMEOUT_MS, type UploadProgress } from '../../src/lib/core/transport'

interface Received { headers: http.IncomingHttpHeaders; body: Buffer; complete?: boolean }

let server: http.Server
let port: number
const received: Received[] = []
/** How the server answers the next request: immediately, or never (to test abort and timeout). */
let answer: 'ok' | 'hang' = 'ok'

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    const entry: Received = { headers: req.headers, body: Buffer.alloc(0) }
    received.push(entry)
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('close', () => {
      entry.body = Buffer.concat(chunks)
      entry.complete = req.complete
    })
    req.on('end', () => {
      entry.body = Buffer.concat(chunks)
      if (answer === 'hang') return
      res.writeHead(204, { ETag: '"d41d8cd98f00b204e9800998ecf8427e"', 'x-cos-request-id': 'req-node-1', 'Set-Cookie': ['a=1', 'b=2'] })
      res.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

beforeEach(() => {
  received.length = 0
  answer = 'ok'
})

const dir = mkdtempSync(join(tmpdir(), 'node-transport-'))
function tempFile(bytes: Buffer, name = 'photo.jpg'): string {
  const path = join(dir, `${Math.random().toString(36).slice(2)}-${name}`)
  writeFileSync(path, bytes)
  return path
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex')

/** Splits a multipart body into its parts: headers text and raw content. */
function parseMultipart(body: Buffer, boundary: string): Array<{ head: string; content: Buffer }> {
  const delimiter = Buffer.from(`--${boundary}`)
  const parts: Array<{ head: string; content: Buffer }> = []
  let start = body.indexOf(delimiter)
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length)
    if (next === -1) break
    const part = body.subarray(start + delimiter.length + 2, next - 2) // skip CRLF after the delimiter and before the next
    const split = part.indexOf('\r\n\r\n')
    parts.push({ head: part.subarray(0, split).toString('utf8'), content: part.subarray(split + 4) })
    start = next
  }
  return parts
}

describe('createNodeTransport', () => {
  it('streams the fields in order, then the file part last, with exact bytes and a correct Content-Length', async () => {
    const bytes = randomBytes(300_000)
    const filePath = tempFile(bytes)
    const task = createNodeTransport({ chunkSize: 16 * 1024 }).uploadForm({
      url: `http://127.0.0.1:${port}/`,
      formData: { key: 'uploads/猫 a+b.jpg', policy: 'eyJ9', 'q-signature': 'abc', 'Content-Type': 'image/jpeg' },
      filePath,
      fileName: 'cat.jpg',
      headers: { 'X-Test': 'yes' },
    })
    const progress: UploadProgress[] = []
    task.onProgress((p) => progress.push(p))
    const response = await task.response

    expect(response).toEqual({
      statusCode: 204,
      headers: expect.objectContaining({ etag: '"d41d8cd98f00b204e9800998ecf8427e"', 'x-cos-request-id': 'req-node-1', 'set-cookie': 'a=1, b=2' }),
      data: '',
    })
    const [request] = received
    expect(request.headers['x-test']).toBe('yes')
    expect(Number(request.headers['content-length'])).toBe(request.body.length)
    const boundary = /boundary=(.+)$/.exec(String(request.headers['content-type']))![1]
    const parts = parseMultipart(request.body, boundary)
    expect(parts.map((p) => /name="([^"]+)"/.exec(p.head)![1])).toEqual(['key', 'policy', 'q-signature', 'Content-Type', 'file'])
    expect(parts[0].content.toString('utf8')).toBe('uploads/猫 a+b.jpg')
    expect(parts[4].head).toContain('filename="cat.jpg"')
    expect(sha256(parts[4].content)).toBe(sha256(bytes))
    expect(request.body.subarray(-(boundary.length + 8)).toString()).toBe(`\r\n--${boundary}--\r\n`)

    // Progress follows the socket writes: many steps, never backwards, ending at the whole body.
    expect(progress.length).toBeGreaterThan(10)
    for (let i = 1; i < progress.length; i++) expect(progress[i].loaded).toBeGreaterThan(progress[i - 1].loaded)
    expect(progress[progress.length - 1]).toEqual({ loaded: request.body.length, total: request.body.length, percent: 100 })
    expect(progress.slice(0, -1).every((p) => p.percent < 100)).toBe(true)
  })

  it('resolves virtual-hosted *.localhost names to loopback and keeps the Host header', async () => {
    const task = createNodeTransport().uploadForm({
      url: `http://examplebucket-1250000000.cos.ap-guangzhou.localhost:${port}/`,
      formData: { key: 'a.txt' },
      filePath: tempFile(Buffer.from('hello')),
    })
    await expect(task.response).resolves.toMatchObject({ statusCode: 204 })
    expect(received[0].headers.host).toBe(`examplebucket-1250000000.cos.ap-guangzhou.localhost:${port}`)
  })

  it('aborts mid-body: rejects as canceled and the server sees the connection close before the body ends', async () => {
    const task = createNodeTransport({ chunkSize: 8 * 1024 }).uploadForm({
      url: `http://127.0.0.1:${port}/`, formData: { key: 'a' }, filePath: tempFile(randomBytes(8 * 1024 * 1024)),
    })
    await new Promise<void>((resolve) => task.onProgress((p) => { if (p.loaded > 256 * 1024) resolve() }))
    task.abort()
    const error = await task.response.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CosUploaderError)
    expect((error as CosUploaderError).kind).toBe('canceled')
    for (let i = 0; i < 50 && received[0]?.complete === undefined; i++) await new Promise((resolve) => setTimeout(resolve, 20))
    expect(received[0].complete).toBe(false)
    expect(received[0].body.length).toBeLessThan(Number(received[0].headers['content-length']))
  })

  it('aborts mid-body over https too (a TLS socket, which has no reset): rejects as canceled, the body is cut', async () => {
    // A throwaway self-signed certificate for 127.0.0.1, made by the machine's openssl.
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-days', '1',
      '-keyout', join(dir, 'tls.key'), '-out', join(dir, 'tls.crt')], { stdio: 'ignore' })
    const tlsServer = https.createServer({ key: readFileSync(join(dir, 'tls.key')), cert: readFileSync(join(dir, 'tls.crt')) }, server.listeners('request')[0] as http.RequestListener)
    await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve))
    try {
      answer = 'hang'
      const agent = new https.Agent({ ca: readFileSync(join(dir, 'tls.crt')) })
      const task = createNodeTransport({ chunkSize: 8 * 1024, agent }).uploadForm({
        url: `https://127.0.0.1:${(tlsServer.address() as AddressInfo).port}/`, formData: { key: 'a' }, filePath: tempFile(randomBytes(8 * 1024 * 1024)),
      })
      // A failed connection rejects the response instead of leaving the wait for progress hanging.
      await Promise.race([new Promise<void>((resolve) => task.onProgress((p) => { if (p.loaded > 256 * 1024) resolve() })), task.response])
      expect(() => task.abort()).not.toThrow()
      const error = await task.response.catch((e: unknown) => e)
      expect(error).toMatchObject({ kind: 'canceled' })
      for (let i = 0; i < 50 && received[0]?.complete === undefined; i++) await new Promise((resolve) => setTimeout(resolve, 20))
      expect(received[0].complete).toBe(false)
      agent.destroy()
    } finally {
      tlsServer.closeAllConnections()
      await new Promise((resolve) => tlsServer.close(resolve))
    }
  })

  it('aborted before the request starts: never connects', async () => {
    const task = createNodeTransport().uploadForm({ url: `http://127.0.0.1:${port}/`, formData: { key: 'a' }, filePath: tempFile(Buffer.from('x')) })
    task.abort()
    await expect(task.response).rejects.toMatchObject({ kind: 'canceled' })
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(received).toHaveLength(0)
  })

  it('times out a request that gets no answer, as a retryable network error', async () => {
    answer = 'hang'
    const task = createNodeTransport().uploadForm({
      url: `http://127.0.0.1:${port}/`, formData: { key: 'a' }, filePath: tempFile(Buffer.from('x')), timeout: 150,
    })
    const error = await task.response.catch((e: unknown) => e)
    expect(error).toMatchObject({ kind: 'network', code: 'network-error', retryable: true })
    expect((error as CosUploaderError).diagnosis.detail?.reason).toMatch(/timeout/)
  })

  it('ends a request without progress after its idle timeout', async () => {
    answer = 'hang'
    const started = Date.now()
    const dead = createNodeTransport().uploadForm({ url: `http://127.0.0.1:${port}/`, formData: { key: 'a' }, filePath: tempFile(Buffer.from('x')), idleTimeout: 300 })
    const error = await dead.response.catch((e: unknown) => e)
    expect(error).toMatchObject({ kind: 'network', code: 'network-error', retryable: true })
    expect((error as CosUploaderError).diagnosis.detail?.reason).toBe('timeout: no progress for 300 ms')
    expect(Date.now() - started).toBeGreaterThanOrEqual(300)
  })

  describe('default timeouts (fake timers; the sockets stay real)', () => {
    const turn = () => new Promise((resolve) => setImmediate(resolve))
    async function until(done: () => boolean) {
      for (let i = 0; i < 20_000 && !done(); i++) await turn()
    }
    beforeEach(() => { jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] }) })
    afterEach(() => { jest.useRealTimers() })

    it('with no timeout asked, a request that never answers ends after DEFAULT_IDLE_TIMEOUT_MS without progress, not before', async () => {
      answer = 'hang'
      const task = createNodeTransport().uploadForm({ url: `http://127.0.0.1:${port}/`, formData: { key: 'a' }, filePath: tempFile(Buffer.from('x')) })
      let outcome: unknown
      task.response.then(() => { outcome = 'answered' }, (error: unknown) => { outcome = error })
      // The whole body reached the server; nothing moves from here on.
      await until(() => received[0]?.body.length > 0)
      jest.advanceTimersByTime(DEFAULT_IDLE_TIMEOUT_MS - 1)
      await turn()
      expect(outcome).toBeUndefined()
      jest.advanceTimersByTime(1)
      await until(() => outcome !== undefined)
      expect(outcome).toMatchObject({ kind: 'network', diagnosis: { detail: { reason: `timeout: no progress for ${DEFAULT_IDLE_TIMEOUT_MS} ms` } } })
    })

    it('HEAD with no timeout asked ends after DEFAULT_IDLE_TIMEOUT_MS; its signal ends it at once', async () => {
      answer = 'hang'
      const transport = createNodeTransport()
      const url = `http://127.0.0.1:${port}/a.jpg`
      let outcome: unknown
      transport.head!({ url }).catch((error: unknown) => { outcome = error })
      await until(() => received.length === 1)
      jest.advanceTimersByTime(DEFAULT_IDLE_TIMEOUT_MS - 1)
      await turn()
      expect(outcome).toBeUndefined()
      jest.advanceTimersByTime(1)
      await until(() => outcome !== undefined)
      expect(outcome).toMatchObject({ kind: 'network', diagnosis: { detail: { reason: `timeout: no answer within ${DEFAULT_IDLE_TIMEOUT_MS} ms` } } })

      const sockets: Array<{ closed: boolean }> = []
      server.on('connection', (socket) => {
        const seen = { closed: false }
        sockets.push(seen)
        socket.on('close', () => { seen.closed = true })
      })
      const controller = abortSignal()
      const aborted = transport.head!({ url, signal: controller.signal })
      await until(() => received.length === 2)
      expect(sockets).toEqual([{ closed: false }])
      controller.abort()
      await expect(aborted).rejects.toMatchObject({ kind: 'canceled' })
      // The server sees the HEAD's connection go.
      await until(() => sockets[0].closed)
      expect(sockets).toEqual([{ closed: true }])
    })
  })

  it('rejects a refused connection as a network error', async () => {
    const closed = http.createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const closedPort = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    const task = createNodeTransport().uploadForm({ url: `http://127.0.0.1:${closedPort}/`, formData: { key: 'a' }, filePath: tempFile(Buffer.from('x')) })
    const error = await task.response.catch((e: unknown) => e)
    expect(error).toMatchObject({ kind: 'network', code: 'network-error', retryable: true })
    expect((error as CosUploaderError).diagnosis.detail?.reason).toMatch(/ECONNREFUSED/)
  })

  it('rejects a missing file as bad input before connecting', async () => {
    const task = createNodeTransport().uploadForm({ url: `http://127.0.0.1:${port}/`, formData: { key: 'a' }, filePath: join(dir, 'missing.jpg') })
    const error = await task.response.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidInputError)
    expect(error).toMatchObject({ code: 'file-unreadable' })
    expect(received).toHaveLength(0)
  })
})
