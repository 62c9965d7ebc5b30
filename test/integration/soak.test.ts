// Issue 7 in `npm test`: the fault-injection soak with 60 uploads (`npm run soak` runs 500), and the recovery
// steps it relies on, each shown on its own against the emulator and the STS service.
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import * as http from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createNodeTransport } from '../../src/lib/node'
import { CosServiceError, CredentialsError } from '../../src/lib/core/errors'
import type { FormTransport, HeadResponse } from '../../src/lib/core/transport'
import { createUploader } from '../../src/lib/core/upload/engine'
import type { PickedFile, Uploader, UploaderOptions, UploadTaskState } from '../../src/lib/core/upload/types'
import { runSoak, SHORT_SOAK, soakTable } from '../soak/harness'
import { settled } from '../support/settled'
import { useCosStack } from '../support/cos-stack'

describe('fault-injection soak (60 uploads)', () => {
  it('keeps every invariant: nothing lost, duplicated or misreported', async () => {
    const report = await runSoak(SHORT_SOAK)
    const failed = report.checks.filter((check) => !check.ok)
    if (failed.length) throw new Error('soak invariants broken:\n' + soakTable(report))
    expect(report.checks.map((check) => check.ok)).toEqual(report.checks.map(() => true))
    const figure = (name: string) => report.figures.find(([label]) => label === name)?.[1]
    // The run did what it claims: every kind of fault hit, the schedule ran, and files still arrived.
    expect(figure('injected: 5xx')).toBeGreaterThan(0)
    expect(figure('injected: resets mid-body')).toBeGreaterThan(0)
    expect(figure('injected: answer lost after storing')).toBeGreaterThan(0)
    expect(figure('injected: unanswered (client timeout)')).toBeGreaterThan(0)
    expect(figure('injected: latency spikes')).toBeGreaterThan(0)
    expect(figure('injected: STS 502 / malformed / slow')).toBe('1 / 1 / 1')
    expect(figure('canceled before sent')).toBe(3)
    expect(figure('removed before sent')).toBe(2)
    expect(figure('canceled mid-upload')).toBe(2)
    expect(figure('done')).toBeGreaterThanOrEqual(figure('done floor') as number)
    expect(figure('STS fetches with keys (expected)')).toBe('2 (2)')
  }, 90_000)
})

const BUCKET = 'examplebucket-1250000000'
const SCOPE = { actions: ['name/cos:PostObject', 'name/cos:HeadObject'], allowPrefix: ['uploads/'] }

const dir = mkdtempSync(join(tmpdir(), 'recovery-'))
const uploaders: Uploader[] = []
const heads: HeadResponse[] = []
const sentKeys: string[] = []

const cos = useCosStack({ scope: SCOPE })

afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

afterEach(() => {
  uploaders.splice(0).forEach((uploader) => uploader.destroy())
  cos.emulator.setFaults({ clockOffsetSeconds: 0, lostAnswerRate: 0, errorRate: 0 })
  cos.sts.setScope(SCOPE)
  heads.length = 0
  sentKeys.length = 0
})

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex')
const md5 = (data: Buffer) => createHash('md5').update(data).digest('hex')

function picked(size: number): PickedFile & { bytes: Buffer } {
  const bytes = randomBytes(size)
  const path = join(dir, `${Math.random().toString(36).slice(2)}.jpg`)
  writeFileSync(path, bytes)
  return { path, size, type: 'image/jpeg', name: 'photo.jpg', bytes }
}

/** The real Node transport, recording the keys it sends and the HEAD answers it gets. */
function recordingTransport(): FormTransport {
  const inner = createNodeTransport()
  return {
    uploadForm(request) {
      sentKeys.push(request.formData.key)
      return inner.uploadForm(request)
    },
    async head(request) {
      const response = await inner.head!(request)
      heads.push(response)
      return response
    },
  }
}

const stsCredentials = async () => (await fetch(`${cos.sts.url}/sts`)).json() as Promise<unknown>

function uploaderFor(options: Partial<UploaderOptions> = {}) {
  const uploader = createUploader({
    location: { bucket: BUCKET, region: cos.emulator.region, endpoint: `http://{bucket}.cos.{region}.localhost:${cos.emulator.port}` },
    transport: recordingTransport(),
    getCredentials: stsCredentials,
    prefix: 'uploads/',
    ...options,
  })
  uploaders.push(uploader)
  const history: UploadTaskState[][] = []
  uploader.subscribe((tasks) => history.push(tasks))
  return { uploader, history }
}

function faultsSeen(): string[] {
  const seen: string[] = []
  cos.emulator.events.on('fault', ({ fault }: { fault: string }) => seen.push(fault))
  return seen
}

describe('lost answers: a signed HEAD decides', () => {
  it('the file was stored but the answer lost: HEAD finds it, done at the first attempt with its ETag', async () => {
    cos.emulator.setFaults({ lostAnswerRate: 1 })
    const faults = faultsSeen()
    const file = picked(200_000)
    const { uploader, history } = uploaderFor()
    uploader.add([file])
    const [task] = await settled(uploader)
    expect(faults).toEqual(['lost-answer'])
    expect(task).toMatchObject({ status: 'done', attempt: 1, result: { key: task.key, size: 200_000, etag: `"${md5(file.bytes)}"` } })
    expect(heads).toEqual([expect.objectContaining({ statusCode: 200 })])
    expect(sentKeys).toEqual([task.key])
    expect(sha256((await cos.emulator.readObject(BUCKET, task.key))!)).toBe(sha256(file.bytes))
    // The lost answer came after the whole body: the task was processing, never an error in between.
    const statuses = history.map((tasks) => tasks[0].status).filter((status, i, all) => status !== all[i - 1])
    expect(statuses).toEqual(['queued', 'signing', 'uploading', 'processing', 'done'])
  })

  it('HEAD not allowed by the scope: no answer either way, so it retries with the same key', async () => {
    cos.sts.setScope({ actions: ['name/cos:PostObject'], allowPrefix: ['uploads/'] })
    cos.emulator.setFaults({ lostAnswerRate: 1 })
    const file = picked(50_000)
    const { uploader } = uploaderFor()
    // The fault hits the first attempt only.
    uploader.subscribe((tasks) => { if (tasks[0]?.attempt === 2) cos.emulator.setFaults({ lostAnswerRate: 0 }) })
    uploader.add([file])
    const [task] = await settled(uploader)
    expect(heads).toEqual([expect.objectContaining({ statusCode: 403 })])
    expect(task).toMatchObject({ status: 'done', attempt: 2 })
    expect(sentKeys).toEqual([task.key, task.key])
    expect(sha256((await cos.emulator.readObject(BUCKET, task.key))!)).toBe(sha256(file.bytes))
  })

  it('a reset mid-body: the HEAD (any failure after sending may have landed) finds nothing, so the same key is retried', async () => {
    cos.emulator.setFaults({ resetRate: 1, resetAfterBytes: 64 * 1024, bandwidthBytesPerSecond: 4 * 1024 * 1024 })
    const faults = faultsSeen()
    const file = picked(1_500_000)
    const { uploader } = uploaderFor()
    uploader.subscribe((tasks) => { if (tasks[0]?.attempt === 2) cos.emulator.setFaults({ resetRate: 0, bandwidthBytesPerSecond: 0 }) })
    uploader.add([file])
    const [task] = await settled(uploader)
    expect(faults).toEqual(['reset'])
    expect(heads).toEqual([expect.objectContaining({ statusCode: 404 })])
    expect(task).toMatchObject({ status: 'done', attempt: 2 })
    expect(sha256((await cos.emulator.readObject(BUCKET, task.key))!)).toBe(sha256(file.bytes))
  })
})

describe('STS failures', () => {
  let broken: http.Server
  let brokenUrl: string
  /** How the broken STS answers: a 502, or JSON without tmpSecretKey. */
  let answer: 'bad-gateway' | 'no-secret-key' = 'bad-gateway'

  beforeAll(async () => {
    broken = http.createServer(async (req, res) => {
      if (answer === 'bad-gateway') return void res.writeHead(502, { 'Content-Type': 'text/html' }).end('<html>502 Bad Gateway</html>')
      const { credentials, ...rest } = await stsCredentials() as { credentials: Record<string, string> }
      const { tmpSecretKey, ...partial } = credentials
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ ...rest, credentials: partial }))
    })
    await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve))
    brokenUrl = `http://127.0.0.1:${(broken.address() as AddressInfo).port}/sts`
  })

  afterAll(() => new Promise((resolve) => broken.close(resolve)))

  /** Like an app's getCredentials: a non-2xx answer throws. */
  const fetchFrom = (url: string) => async () => {
    const response = await fetch(url)
    if (!response.ok) throw new Error(`STS answered ${response.status}`)
    return response.json() as Promise<unknown>
  }

  it('the STS service down, then back: the task waits with a typed, diagnosed error ("retrying n/3"), then uploads', async () => {
    const closed = http.createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const downUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/sts`
    await new Promise((resolve) => closed.close(resolve))
    let calls = 0
    const getCredentials = () => fetchFrom(++calls <= 2 ? downUrl : `${cos.sts.url}/sts`)()
    const file = picked(10_000)
    const { uploader, history } = uploaderFor({ getCredentials })
    uploader.add([file])
    const [task] = await settled(uploader)
    expect(task).toMatchObject({ status: 'done', attempt: 3 })
    expect(calls).toBe(3)
    const waiting = history.map((tasks) => tasks[0]).filter((state) => state.retrying)
    expect(waiting.map((state) => state.retrying)).toEqual([{ retry: 1, of: 3 }, { retry: 2, of: 3 }])
    for (const state of waiting) {
      expect(state.status).toBe('queued')
      expect(state.error).toBeInstanceOf(CredentialsError)
      expect(state.error).toMatchObject({ code: 'credentials-fetch-failed', retryable: true })
      expect(state.error!.describe('zh-CN')).toMatch(/^获取密钥失败/)
    }
    expect(sha256((await cos.emulator.readObject(BUCKET, task.key))!)).toBe(sha256(file.bytes))
  })

  it('an STS 502 that persists: retried up to the limit, then a CredentialsError; nothing sent', async () => {
    answer = 'bad-gateway'
    let calls = 0
    const getCredentials = () => { calls++; return fetchFrom(brokenUrl)() }
    const { uploader } = uploaderFor({ getCredentials, maxRetries: 2 })
    uploader.add([picked(1000)])
    const [task] = await settled(uploader)
    expect(calls).toBe(3)
    expect(task).toMatchObject({ status: 'error', attempt: 3, error: { kind: 'credentials', code: 'credentials-fetch-failed' } })
    expect(task.error!.diagnosis.detail).toEqual({ reason: 'Error: STS answered 502' })
    expect(sentKeys).toEqual([])
  })

  it('malformed credentials: the error names the missing field', async () => {
    answer = 'no-secret-key'
    const { uploader } = uploaderFor({ getCredentials: fetchFrom(brokenUrl), maxRetries: 1 })
    uploader.add([picked(1000)])
    const [task] = await settled(uploader)
    expect(task).toMatchObject({ status: 'error', attempt: 2, error: { kind: 'credentials', code: 'invalid-credentials' } })
    expect(task.error!.diagnosis.detail).toMatchObject({ field: 'tmpSecretKey' })
    expect(task.error!.describe('en')).toContain('tmpSecretKey')
    expect(task.error!.describe('zh-CN')).toContain('tmpSecretKey')
    expect(sentKeys).toEqual([])
  })
})

describe('a huge session token', () => {
  it('is sent, refused by the server, and reported as a typed, diagnosed CosServiceError', async () => {
    const getCredentials = async () => {
      const answer = await stsCredentials() as { credentials: Record<string, string> }
      answer.credentials.sessionToken += 'x'.repeat(1024 * 1024)
      return answer
    }
    const { uploader } = uploaderFor({ getCredentials, maxRetries: 0 })
    uploader.add([picked(1000)])
    const [task] = await settled(uploader)
    expect(task.status).toBe('error')
    expect(task.error).toBeInstanceOf(CosServiceError)
    expect(task.error).toMatchObject({ statusCode: 400, cos: { Code: 'MalformedPOSTRequest' }, code: 'malformed-post-request' })
    expect((task.error as CosServiceError).requestId).toBeTruthy()
  })
})

describe('credential expiry under concurrency', () => {
  it('five tasks failing together on expired keys cause one STS fetch, and all land', async () => {
    const before = cos.sts.fetchCount()
    const { uploader } = uploaderFor({ concurrency: 5 })
    uploader.prefetchCredentials()
    while (cos.sts.fetchCount() === before) await new Promise((resolve) => setTimeout(resolve, 10))
    // The server's clock passes the keys' expiry; the device's cache still holds them.
    cos.emulator.setFaults({ clockOffsetSeconds: 1800 + 60 })
    const files = [1, 2, 3, 4, 5].map(() => picked(30_000))
    uploader.add(files)
    const tasks = await settled(uploader)
    expect(tasks.map((task) => [task.status, task.attempt])).toEqual(files.map(() => ['done', 2]))
    expect(cos.sts.fetchCount() - before).toBe(2)
    for (const [i, task] of tasks.entries()) {
      expect(sha256((await cos.emulator.readObject(BUCKET, task.key))!)).toBe(sha256(files[i].bytes))
    }
  })
})
