// Nothing lost, nothing half-written: 50 concurrent uploads, aborted bodies, racing writers, restarts,
// and the fault injection the reliability tests rely on.
import { createHash, randomBytes } from 'node:crypto'
import { promises as fs, readFileSync } from 'node:fs'
import * as http from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startEmulator, type RunningEmulator } from '../../server/emulator'
import { policyPostFields, buildPostPolicy, signPostPolicy } from '../../src/lib/core/post'
import { BUCKET, keyPath, keyTimeAround, multipart, send, signedHeaders, virtualHost, xmlField } from '../server/http'

let dataDir: string
let emulator: RunningEmulator

beforeAll(async () => {
  dataDir = await fs.mkdtemp(join(tmpdir(), 'cos-durability-'))
  emulator = await startEmulator({ quiet: true, dataDir })
})
afterAll(async () => {
  await emulator.close()
  await fs.rm(dataDir, { recursive: true, force: true })
})

function form(key: string, file: Buffer) {
  const keyTime = keyTimeAround(emulator)
  const policy = buildPostPolicy({ bucket: BUCKET, keyPrefix: 'load/', expiration: new Date(emulator.now() + 600000), secretId: emulator.rootKey.secretId, keyTime })
  const signed = signPostPolicy({ ...emulator.rootKey, keyTime, policy })
  return multipart(policyPostFields({ key, secretId: emulator.rootKey.secretId, keyTime, signed }), file)
}

const postForm = (body: { body: Buffer; contentType: string }) =>
  send(emulator.url, { method: 'POST', path: '/', headers: { host: virtualHost(emulator), 'content-type': body.contentType }, body: body.body })

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

/** Whether `condition` came true within about 2 s. */
async function until(condition: () => Promise<boolean>): Promise<boolean> {
  for (let i = 0; i < 200; i++) {
    if (await condition()) return true
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  return condition()
}

const writingTempFile = async () => (await emulator.tempFiles()).length > 0

/**
 * Sends the head of a form and, once the emulator is writing the file to a temp file, destroys the socket
 * mid-file. Resolves, after the socket closed, with whether that temp file was seen.
 */
async function abortMidBody(body: Buffer, contentType: string, sendBytes: number): Promise<boolean> {
  const req = http.request({ hostname: '127.0.0.1', port: emulator.port, method: 'POST', path: '/', agent: false,
    headers: { host: virtualHost(emulator), 'content-type': contentType, 'content-length': String(body.length) } })
  req.on('error', () => undefined)
  const closed = new Promise((resolve) => req.on('close', resolve))
  req.write(body.subarray(0, sendBytes))
  const sawTempFile = await until(writingTempFile)
  req.destroy()
  await closed
  return sawTempFile
}

describe('durability', () => {
  it('stores 50 concurrent PostObject uploads of random sizes up to 8 MB, each with the sha256 sent', async () => {
    const files = Array.from({ length: 50 }, (_, i) => ({ key: `load/${i}.bin`, bytes: randomBytes(1 + Math.floor(Math.random() * 8 * 1024 * 1024)) }))
    const answers = await Promise.all(files.map((file) => postForm(form(file.key, file.bytes))))
    expect(answers.map((answer) => answer.status)).toEqual(files.map(() => 204))
    for (const file of files) {
      const stored = await fs.readFile(emulator.objectPath(BUCKET, file.key))
      expect({ key: file.key, sha256: sha256(stored) }).toEqual({ key: file.key, sha256: sha256(file.bytes) })
    }
    expect(await emulator.tempFiles()).toEqual([])
  }, 30000)

  it('leaves no object and no temp file when the upload is aborted mid-body', async () => {
    const body = form('load/aborted.bin', randomBytes(2 * 1024 * 1024))
    expect(await abortMidBody(body.body, body.contentType, 1024 * 1024)).toBe(true)
    await until(async () => (await emulator.tempFiles()).length === 0)
    expect(await emulator.tempFiles()).toEqual([])
    expect(await emulator.readObject(BUCKET, 'load/aborted.bin')).toBeUndefined()
  })

  it('ends concurrent writes to one key with one complete version', async () => {
    const versions = Array.from({ length: 8 }, () => randomBytes(512 * 1024 + Math.floor(Math.random() * 1024)))
    const answers = await Promise.all(versions.map((bytes) => postForm(form('load/same.bin', bytes))))
    expect(answers.every((answer) => answer.status === 204)).toBe(true)
    const stored = (await emulator.readObject(BUCKET, 'load/same.bin')) as Buffer
    expect(versions.map(sha256)).toContain(sha256(stored))
    const meta = JSON.parse(await fs.readFile(emulator.objectPath(BUCKET, 'load/same.bin') + '.json', 'utf8'))
    expect(meta.etag).toBe(`"${createHash('md5').update(stored).digest('hex')}"`)
  })

  it('answers HEAD only once a write in progress has put the bytes in place, not just the metadata', async () => {
    const key = 'load/head-race.bin'
    expect((await postForm(form(key, randomBytes(1000)))).status).toBe(204)
    const path = emulator.objectPath(BUCKET, key)
    // The commit renames the metadata into place, then the bytes: hold it between the two.
    const rename = fs.rename
    let reachedBytes!: () => void
    const betweenRenames = new Promise<void>((resolve) => { reachedBytes = resolve })
    let release!: () => void
    const released = new Promise<void>((resolve) => { release = resolve })
    const spy = jest.spyOn(fs, 'rename').mockImplementation(async (from, to) => {
      if (to === path) {
        reachedBytes()
        await released
      }
      return rename(from, to)
    })
    try {
      const newer = randomBytes(2000)
      const upload = postForm(form(key, newer))
      await betweenRenames
      const headers = signedHeaders({ credentials: emulator.rootKey, method: 'HEAD', pathname: keyPath(key), headers: { host: virtualHost(emulator) }, keyTime: keyTimeAround(emulator) })
      const head = send(emulator.url, { method: 'HEAD', path: keyPath(key), headers }).then((answer) => ({ answer, bytes: readFileSync(path) }))
      await new Promise((resolve) => setTimeout(resolve, 100))
      release()
      expect((await upload).status).toBe(204)
      const { answer, bytes } = await head
      expect({ etag: answer.headers.etag, length: answer.headers['content-length'] })
        .toEqual({ etag: `"${createHash('md5').update(bytes).digest('hex')}"`, length: String(bytes.length) })
      expect(bytes).toEqual(newer)
    } finally {
      spy.mockRestore()
    }
  })

  it('keeps every object across a restart on the same data dir', async () => {
    const bytes = randomBytes(4096)
    expect((await postForm(form('load/persist.bin', bytes))).status).toBe(204)
    const before = await fs.readdir(join(dataDir, 'buckets', BUCKET))
    await emulator.close()
    emulator = await startEmulator({ quiet: true, dataDir })
    expect(await fs.readdir(join(dataDir, 'buckets', BUCKET))).toEqual(before)
    expect(await emulator.readObject(BUCKET, 'load/persist.bin')).toEqual(bytes)
  })
})

describe('fault injection', () => {
  afterEach(() => emulator.setFaults({ errorRate: 0, resetRate: 0, latencyMs: 0, bandwidthBytesPerSecond: 0, clockOffsetSeconds: 0 }))

  it('is off by default and set through the loopback admin endpoint', async () => {
    const admin = (method: string, body?: string) => send(emulator.url, { method, path: '/_emulator/faults', headers: { host: `127.0.0.1:${emulator.port}` }, body })
    expect(JSON.parse((await admin('GET')).text)).toMatchObject({ errorRate: 0, resetRate: 0, latencyMs: 0, bandwidthBytesPerSecond: 0, clockOffsetSeconds: 0 })
    const set = await admin('PUT', JSON.stringify({ errorRate: 1, errorStatus: 500 }))
    expect(JSON.parse(set.text)).toMatchObject({ errorRate: 1, errorStatus: 500 })
    expect(emulator.faults()).toMatchObject({ errorRate: 1, errorStatus: 500 })
    const bad = await admin('PUT', JSON.stringify({ errorRate: 2 }))
    expect(bad.status).toBe(400)
    expect(JSON.parse(bad.text).error).toMatch(/errorRate/)
    expect((await admin('PUT', JSON.stringify({ nonsense: 1 }))).status).toBe(400)
  })

  it('answers 5xx at the configured rate', async () => {
    emulator.setFaults({ errorRate: 1, errorStatus: 503 })
    const answer = await postForm(form('load/fault.bin', randomBytes(100)))
    expect({ status: answer.status, code: xmlField(answer.text, 'Code') }).toEqual({ status: 503, code: 'ServiceUnavailable' })
    emulator.setFaults({ errorStatus: 500 })
    expect(xmlField((await postForm(form('load/fault.bin', randomBytes(100)))).text, 'Code')).toBe('InternalError')
    expect(await emulator.readObject(BUCKET, 'load/fault.bin')).toBeUndefined()
  })

  it('draws the same faults for the same seed, and restarts the draws when the seed is set again', async () => {
    const codes = async (target: RunningEmulator) => {
      const seen: Array<string | undefined> = []
      for (let i = 0; i < 20; i++) seen.push(xmlField((await send(target.url, { path: '/x', headers: { host: virtualHost(target) } })).text, 'Code'))
      return seen
    }
    emulator.setFaults({ errorRate: 0.5, errorStatus: 503, seed: 42 })
    const first = await codes(emulator)
    expect(new Set(first)).toEqual(new Set(['ServiceUnavailable', 'AccessDenied']))
    emulator.setFaults({ seed: 42 })
    expect(await codes(emulator)).toEqual(first)
    const other = await startEmulator({ quiet: true, faults: { errorRate: 0.5, seed: 42 } })
    try {
      expect(await codes(other)).toEqual(first)
    } finally {
      await other.close()
    }
  })

  it('resets the connection mid-body, leaving nothing behind', async () => {
    // The bandwidth limit keeps the temp file there for about half a second before the reset.
    emulator.setFaults({ resetRate: 1, resetAfterBytes: 256 * 1024, bandwidthBytesPerSecond: 512 * 1024 })
    const upload = expect(postForm(form('load/reset.bin', randomBytes(1024 * 1024)))).rejects.toThrow(/socket hang up|ECONNRESET|EPIPE/)
    expect(await until(writingTempFile)).toBe(true)
    await upload
    await until(async () => (await emulator.tempFiles()).length === 0)
    expect(await emulator.tempFiles()).toEqual([])
    expect(await emulator.readObject(BUCKET, 'load/reset.bin')).toBeUndefined()
  })

  it('gives a request the fault it names in x-cos-emulator-fault, and spares one that names none', async () => {
    const seen: Array<{ fault: string; forced: boolean }> = []
    const onFault = (event: { fault: string; forced: boolean }) => seen.push({ fault: event.fault, forced: event.forced })
    emulator.events.on('fault', onFault)
    const named = (fault: string, key: string) => {
      const body = form(key, randomBytes(100))
      return send(emulator.url, { method: 'POST', path: '/', body: body.body, headers: { host: virtualHost(emulator), 'content-type': body.contentType, 'x-cos-emulator-fault': fault } })
    }
    try {
      emulator.setFaults({ errorRate: 1, errorStatus: 503 })
      expect((await named('none', 'load/spared.bin')).status).toBe(204)
      emulator.setFaults({ errorRate: 0 })
      expect(xmlField((await named('error', 'load/error.bin')).text, 'Code')).toBe('ServiceUnavailable')
      await expect(named('reset', 'load/forced-reset.bin')).rejects.toThrow(/socket hang up|ECONNRESET|EPIPE/)
      await expect(named('lost-answer', 'load/lost.bin')).rejects.toThrow(/socket hang up|ECONNRESET/)
      const stalled = named('stall', 'load/stall.bin')
      const answered = await Promise.race([stalled.then(() => true, () => true), new Promise((resolve) => setTimeout(() => resolve(false), 300))])
      expect(answered).toBe(false)
      const bad = await named('sometimes', 'load/bad.bin')
      expect({ status: bad.status, code: xmlField(bad.text, 'Code') }).toEqual({ status: 400, code: 'InvalidArgument' })
      expect(seen).toEqual([
        { fault: 'error', forced: true }, { fault: 'reset', forced: true }, { fault: 'lost-answer', forced: true }, { fault: 'stall', forced: true },
      ])
      expect(await emulator.readObject(BUCKET, 'load/spared.bin')).toBeDefined()
      expect(await emulator.readObject(BUCKET, 'load/lost.bin')).toBeDefined()
      for (const key of ['load/error.bin', 'load/forced-reset.bin', 'load/stall.bin', 'load/bad.bin']) expect(await emulator.readObject(BUCKET, key)).toBeUndefined()
    } finally {
      emulator.events.off('fault', onFault)
    }
  })

  it('limits the request-body bandwidth and adds latency (lower bounds only)', async () => {
    emulator.setFaults({ bandwidthBytesPerSecond: 1024 * 1024, latencyMs: 200 })
    const started = Date.now()
    expect((await postForm(form('load/slow.bin', randomBytes(512 * 1024)))).status).toBe(204)
    expect(Date.now() - started).toBeGreaterThanOrEqual(200 + 400)
  })

  it('skews the clock: Date header and signature windows follow it', async () => {
    emulator.setFaults({ clockOffsetSeconds: 3600 })
    const answer = await send(emulator.url, { path: '/x', headers: { host: virtualHost(emulator) } })
    expect(new Date(answer.headers.date as string).getTime() - Date.now()).toBeGreaterThan(3500 * 1000)
    const now = Math.floor(Date.now() / 1000)
    const keyTime = `${now - 60};${now + 600}`
    const policy = buildPostPolicy({ bucket: BUCKET, expiration: new Date(Date.now() + 7200000), secretId: emulator.rootKey.secretId, keyTime })
    const signed = signPostPolicy({ ...emulator.rootKey, keyTime, policy })
    const body = multipart(policyPostFields({ key: 'load/skew.bin', secretId: emulator.rootKey.secretId, keyTime, signed }), Buffer.from('x'))
    const skewed = await postForm(body)
    expect({ status: skewed.status, message: xmlField(skewed.text, 'Message') }).toEqual({ status: 403, message: 'Request has expired' })
  })
})
