// The upload engine end to end in Node: real files, the Node transport, the project's COS emulator and STS service.
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import * as http from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createNodeTransport } from '../../src/lib/node'
import { DEFAULT_SCOPE } from '../../server/sts'
import { CosServiceError, InvalidInputError } from '../../src/lib/core/errors'
import { createUploader } from '../../src/lib/core/upload/engine'
import { type PickedFile, type Uploader, type UploaderOptions, type UploadTaskState } from '../../src/lib/core/upload/types'
import { settled } from '../support/settled'
import { useCosStack } from '../support/cos-stack'

const BUCKET = 'examplebucket-1250000000'

const dir = mkdtempSync(join(tmpdir(), 'upload-engine-'))
const uploaders: Uploader[] = []

const cos = useCosStack()

afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

afterEach(() => {
  uploaders.splice(0).forEach((uploader) => uploader.destroy())
  cos.emulator.setFaults({ clockOffsetSeconds: 0, errorRate: 0, resetRate: 0, bandwidthBytesPerSecond: 0 })
  cos.sts.setScope(DEFAULT_SCOPE)
})

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex')

function picked(size: number, name = 'photo.jpg'): PickedFile & { bytes: Buffer } {
  const bytes = randomBytes(size)
  const path = join(dir, `${Math.random().toString(36).slice(2)}-${name}`)
  writeFileSync(path, bytes)
  return { path, size, type: 'image/jpeg', name, bytes }
}

async function fetchJson(url: string, init?: RequestInit): Promise<Record<string, unknown>> {
  const response = await fetch(url, init)
  const body = await response.json() as Record<string, unknown>
  if (!response.ok) throw new Error(`${url}: ${response.status} ${JSON.stringify(body)}`)
  return body
}

const getCredentials = () => fetchJson(`${cos.sts.url}/sts`)
/** Without startTime the device signs with its own clock, as the SDKs do. */
const withoutStartTime = async () => {
  const { startTime, ...rest } = await getCredentials()
  return rest
}

function uploaderFor(options: Partial<UploaderOptions> = {}) {
  const uploader = createUploader({
    location: { bucket: BUCKET, region: cos.emulator.region, endpoint: `http://{bucket}.cos.{region}.localhost:${cos.emulator.port}` },
    transport: createNodeTransport({ chunkSize: 32 * 1024 }),
    getCredentials,
    prefix: 'uploads/',
    ...options,
  })
  uploaders.push(uploader)
  const history: UploadTaskState[][] = []
  uploader.subscribe((tasks) => history.push(tasks))
  return { uploader, history }
}

/** GET of an emulator URL (its `*.localhost` host is sent as Host: Node's resolver doesn't resolve it). */
function get(url: string): Promise<{ status: number; body: Buffer }> {
  const { host, pathname, search } = new URL(url)
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port: cos.emulator.port, path: pathname + search, headers: { host } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks) }))
    }).on('error', reject)
  })
}

async function storedSha(key: string, bucket = BUCKET): Promise<string | undefined> {
  const stored = await cos.emulator.readObject(bucket, key)
  return stored && sha256(stored)
}

describe('upload engine against the emulator', () => {
  it('uploads several files with one STS fetch; the stored bytes match, results keep pick order', async () => {
    const before = cos.sts.fetchCount()
    const files = [300_000, 1_200, 2_500_000, 64 * 1024, 900_000, 17].map((size) => picked(size))
    const { uploader, history } = uploaderFor()
    uploader.prefetchCredentials()
    const added = uploader.add(files)
    const tasks = await settled(uploader)

    expect(tasks.map((task) => task.status)).toEqual(files.map(() => 'done'))
    expect(tasks.map((task) => task.id)).toEqual(added.map((task) => task.id))
    expect(tasks.map((task) => task.result!.size)).toEqual(files.map((file) => file.size))
    for (const [i, task] of tasks.entries()) {
      expect(task.result!.key).toMatch(/^uploads\/\d{4}\/\d{2}\/\d{2}\/[0-9a-z]{16}\.jpg$/)
      expect(task.result!.url).toBe(`http://${BUCKET}.cos.${cos.emulator.region}.localhost:${cos.emulator.port}/${task.result!.key}`)
      expect(task.result!.etag).toMatch(/^"[0-9a-f]{32}"$/)
      expect(await storedSha(task.key)).toBe(sha256(files[i].bytes))
    }
    expect(cos.sts.fetchCount() - before).toBe(1)

    // Never more than 3 in flight; the big file showed progress and the processing gap.
    const inFlight = history.map((snapshot) => snapshot.filter((t) => ['signing', 'uploading', 'processing'].includes(t.status)).length)
    expect(Math.max(...inFlight)).toBe(3)
    const big = history.map((snapshot) => snapshot[2]).filter((task) => task.status === 'uploading' && task.percent > 0)
    expect(new Set(big.map((task) => task.percent)).size).toBeGreaterThan(5)
    expect(history.some((snapshot) => snapshot[2].status === 'processing')).toBe(true)
  })

  it('with allowPrefix, an out-of-prefix key fails before any request or STS fetch', async () => {
    const before = cos.sts.fetchCount()
    const bodies: unknown[] = []
    const onBody = (event: unknown) => bodies.push(event)
    cos.emulator.events.on('request-body-start', onBody)
    try {
      const { uploader } = uploaderFor({ prefix: 'photos/', allowPrefix: ['uploads/'] })
      const [task] = uploader.add([picked(1000)])
      expect(task.status).toBe('error')
      expect(task.error).toBeInstanceOf(InvalidInputError)
      expect(task.error!.code).toBe('key-outside-prefix')
      await new Promise((resolve) => setTimeout(resolve, 100))
      expect(bodies).toEqual([])
      expect(cos.sts.fetchCount()).toBe(before)
    } finally {
      cos.emulator.events.off('request-body-start', onBody)
    }
  })

  it('the STS scope refuses an out-of-prefix key: AccessDenied with RequestId, not retried; retry works once the scope allows it', async () => {
    const file = picked(50_000)
    const { uploader } = uploaderFor({ keyOf: () => 'photos/cat.jpg' })
    const [task] = uploader.add([file])
    const [failed] = await settled(uploader)
    expect(failed).toMatchObject({ status: 'error', attempt: 1 })
    const error = failed.error as CosServiceError
    expect(error).toBeInstanceOf(CosServiceError)
    expect(error.statusCode).toBe(403)
    expect(error.cos.Code).toBe('AccessDenied')
    expect(error.requestId).toBeTruthy()
    expect(error.diagnosis.message['zh-CN']).toBeTruthy()
    expect(await cos.emulator.readObject(BUCKET, 'photos/cat.jpg')).toBeUndefined()

    cos.sts.setScope({ ...DEFAULT_SCOPE, allowPrefix: ['uploads/', 'photos/'] })
    const fetchesBefore = cos.sts.fetchCount()
    uploader.retry(task.id)
    const [retried] = await settled(uploader)
    expect(retried.status).toBe('done')
    expect(cos.sts.fetchCount() - fetchesBefore).toBe(1)
    expect(await storedSha('photos/cat.jpg')).toBe(sha256(file.bytes))
  })

  it('server-signed policy form: fields from POST /post-policy upload; a wrong size is refused by the policy', async () => {
    const requested: Array<{ key: string; size: number }> = []
    const getPostPolicy = async (key: string, file: PickedFile) => {
      requested.push({ key, size: file.size })
      const answer = await fetchJson(`${cos.sts.url}/post-policy`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ key, size: file.size, contentType: file.type }),
      })
      return answer.fields as Record<string, string>
    }
    const good = picked(120_000)
    const lying = { ...picked(4_000), size: 3_000 } // the policy's content-length-range is exact
    const { uploader } = uploaderFor({ getCredentials: undefined, getPostPolicy })
    uploader.add([good, lying])
    const [done, refused] = await settled(uploader)

    expect(requested.map((r) => r.size)).toEqual([120_000, 3_000])
    expect(done.status).toBe('done')
    expect(await storedSha(done.key)).toBe(sha256(good.bytes))
    expect(refused).toMatchObject({ status: 'error', attempt: 1 })
    expect((refused.error as CosServiceError).cos.Code).toBe('EntityTooLarge')
    expect(await cos.emulator.readObject(BUCKET, refused.key)).toBeUndefined()
  })

  it('path style to the older bucket that still accepts it', async () => {
    const file = picked(30_000)
    const { uploader } = uploaderFor({ location: { bucket: 'legacybucket-1250000000', region: cos.emulator.region, endpoint: cos.emulator.url, forcePathStyle: true } })
    uploader.add([file])
    const [task] = await settled(uploader)
    expect(task.status).toBe('done')
    expect(task.result!.url).toBe(`${cos.emulator.url}/legacybucket-1250000000/${task.key}`)
    expect(await storedSha(task.key, 'legacybucket-1250000000')).toBe(sha256(file.bytes))
  })

  it.each([
    ['a 503 answer', { errorRate: 1, errorStatus: 503 as const }, { errorRate: 0 }],
    ['a connection reset mid-body', { resetRate: 1, resetAfterBytes: 16 * 1024 }, { resetRate: 0 }],
  ])('recovers from %s by retrying automatically with the same key', async (_, fault, healed) => {
    cos.emulator.setFaults(fault)
    const file = picked(200_000)
    const { uploader } = uploaderFor({ random: () => 0.01 })
    // The fault hits the first attempt only: it heals as the second attempt starts.
    uploader.subscribe((tasks) => { if (tasks[0]?.attempt === 2) cos.emulator.setFaults(healed) })
    uploader.add([file])
    const [task] = await settled(uploader)
    expect(task).toMatchObject({ status: 'done', attempt: 2 })
    expect(await storedSha(task.key)).toBe(sha256(file.bytes))
  })

  it('no hangs: a COS that never answers ends each attempt after the idle timeout; a slow upload that keeps moving runs on', async () => {
    cos.emulator.setFaults({ latencyMs: 60_000 })
    try {
      const { uploader } = uploaderFor({ idleTimeout: 300, maxRetries: 1, random: () => 0 })
      uploader.add([picked(10_000)])
      const [dead] = await settled(uploader)
      expect(dead).toMatchObject({ status: 'error', attempt: 2, error: { kind: 'network', diagnosis: { detail: { reason: 'timeout: no progress for 300 ms' } } } })
    } finally {
      cos.emulator.setFaults({ latencyMs: 0 })
    }

    // 16 MB at 4 MB/s: about 4 s, with progress all along. After the last byte is handed over, the loopback socket
    // buffers (a few MB) still drain for about a second before COS answers: that gap stays well within the bound.
    cos.emulator.setFaults({ bandwidthBytesPerSecond: 4 * 1024 * 1024 })
    const idleTimeout = 2500
    const file = picked(16 * 1024 * 1024)
    const { uploader } = uploaderFor({ idleTimeout, maxRetries: 0 })
    const started = Date.now()
    uploader.add([file])
    const [slow] = await settled(uploader)
    expect(slow).toMatchObject({ status: 'done', attempt: 1 })
    expect(Date.now() - started).toBeGreaterThan(idleTimeout)
    expect(await storedSha(slow.key)).toBe(sha256(file.bytes))
  }, 30_000)

  it('a device clock an hour behind, the credentials valid: the Date header gives the offset, the retry succeeds, no STS fetch for it', async () => {
    cos.emulator.setFaults({ clockOffsetSeconds: 3600 })
    const before = cos.sts.fetchCount()
    const file = picked(10_000)
    const { uploader, history } = uploaderFor({ getCredentials: withoutStartTime })
    uploader.add([file])
    const [task] = await settled(uploader)
    expect(task).toMatchObject({ status: 'done', attempt: 2 })
    expect(cos.sts.fetchCount() - before).toBe(1)
    expect(history.some((tasks) => tasks[0].attempt === 1 && tasks[0].status === 'uploading')).toBe(true)
    expect(await storedSha(task.key)).toBe(sha256(file.bytes))

    // The offset stays with the uploader: the next file signs on the server clock at the first try.
    uploader.add([picked(5_000)])
    const [, next] = await settled(uploader)
    expect(next).toMatchObject({ status: 'done', attempt: 1 })
    expect(cos.sts.fetchCount() - before).toBe(1)
  })

  it('credentials expired on the server clock: the clock failure fetches new ones, once', async () => {
    const before = cos.sts.fetchCount()
    const { uploader } = uploaderFor({ getCredentials: withoutStartTime })
    uploader.prefetchCredentials()
    while (cos.sts.fetchCount() === before) await new Promise((resolve) => setTimeout(resolve, 10))
    // The server's clock passes their expiry (30 min); the device's does not.
    cos.emulator.setFaults({ clockOffsetSeconds: 1800 + 60 })
    const file = picked(10_000)
    uploader.add([file])
    const [task] = await settled(uploader)
    expect(task).toMatchObject({ status: 'done', attempt: 2 })
    expect(cos.sts.fetchCount() - before).toBe(2)
    expect(await storedSha(task.key)).toBe(sha256(file.bytes))
  })

  it('objectUrl signs on the clock the engine learned: refused by the server before, readable after', async () => {
    cos.emulator.setFaults({ clockOffsetSeconds: 3600 })
    const file = picked(20_000)
    const { uploader } = uploaderFor({ getCredentials: withoutStartTime, keyOf: () => 'uploads/clock.jpg' })
    const early = await get((await uploader.objectUrl('uploads/clock.jpg')).url)
    expect(early.status).toBe(403)
    expect(early.body.toString()).toContain('Request has expired')

    uploader.add([file])
    await settled(uploader)
    const { url, expiresAt } = await uploader.objectUrl('uploads/clock.jpg')
    const response = await get(url)
    expect(response.status).toBe(200)
    expect(sha256(response.body)).toBe(sha256(file.bytes))
    // 900 s on the server's clock, told on the device's.
    expect(Math.abs(expiresAt! - (Date.now() + 900_000))).toBeLessThan(5_000)
  })

  it('objectUrl after its URL expired: signs again, with new credentials, and reads the object', async () => {
    let deviceShiftMs = 0
    const file = picked(20_000)
    const { uploader } = uploaderFor({ keyOf: () => 'uploads/renew.jpg', now: () => Date.now() + deviceShiftMs })
    uploader.add([file])
    await settled(uploader)
    const before = cos.sts.fetchCount()
    const first = await uploader.objectUrl('uploads/renew.jpg')
    expect((await get(first.url)).status).toBe(200)

    // Both clocks move past the URL's expiry (the credentials' own, 30 min).
    const passed = first.expiresAt! - Date.now() + 60_000
    cos.emulator.setFaults({ clockOffsetSeconds: Math.ceil(passed / 1000) })
    deviceShiftMs = passed
    expect((await get(first.url)).status).toBe(403)
    const second = await uploader.objectUrl('uploads/renew.jpg')
    expect(second.url).not.toBe(first.url)
    expect(second.expiresAt!).toBeGreaterThan(first.expiresAt!)
    expect(cos.sts.fetchCount() - before).toBe(1)
    const response = await get(second.url)
    expect(response.status).toBe(200)
    expect(sha256(response.body)).toBe(sha256(file.bytes))
  })

  it('cancel mid-upload: canceled, nothing stored, no temp file left', async () => {
    cos.emulator.setFaults({ bandwidthBytesPerSecond: 256 * 1024 })
    const file = picked(2_000_000)
    const { uploader, history } = uploaderFor()
    // When the emulator is done with the POST, its temp file must be gone: before that it may not even exist yet.
    const postEnded = new Promise<void>((resolve) => {
      const onEnd = (event: { method?: string }) => {
        if (event.method !== 'POST') return
        cos.emulator.events.off('request-end', onEnd)
        resolve()
      }
      cos.emulator.events.on('request-end', onEnd)
    })
    const [added] = uploader.add([file])
    await new Promise<void>((resolve) => {
      const unsubscribe = uploader.subscribe((tasks) => {
        if (tasks[0].percent >= 10) {
          unsubscribe()
          uploader.cancel(added.id)
          resolve()
        }
      })
    })
    expect(uploader.getTasks()[0].status).toBe('canceled')
    await postEnded
    expect(await cos.emulator.tempFiles()).toEqual([])
    expect(await cos.emulator.readObject(BUCKET, added.key)).toBeUndefined()
    expect(history.flat().some((task) => task.status === 'done')).toBe(false)
  })
})
