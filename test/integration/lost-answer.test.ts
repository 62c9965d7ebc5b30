// Issue 12 item 1 over real HTTP: `done` means the object at the key holds this attempt's bytes. A fixed key that
// already holds an object of the same size is the hard case: the size alone can't tell the two apart, the attempt
// marker (x-cos-meta-attempt, signed into the policy, answered back on HEAD) can. Device-signed and server-signed.
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createNodeTransport } from '../../src/lib/node'
import { type FormTransport, type HeadResponse } from '../../src/lib/core/transport'
import { createUploader } from '../../src/lib/core/upload/engine'
import { type PickedFile, type UploaderOptions } from '../../src/lib/core/upload/types'
import { settled } from '../support/settled'
import { useCosStack } from '../support/cos-stack'

const BUCKET = 'examplebucket-1250000000'
const SCOPE = { actions: ['name/cos:PostObject', 'name/cos:HeadObject'], allowPrefix: ['uploads/'] }
const SIZE = 200_000

const dir = mkdtempSync(join(tmpdir(), 'lost-answer-'))
const cos = useCosStack({ scope: SCOPE })
const heads: HeadResponse[] = []
let keyCount = 0

afterAll(() => rmSync(dir, { recursive: true, force: true }))

afterEach(() => {
  cos.emulator.setFaults({ resetRate: 0, lostAnswerRate: 0 })
  heads.length = 0
})

const md5 = (data: Buffer) => createHash('md5').update(data).digest('hex')

function picked(): PickedFile & { bytes: Buffer } {
  const bytes = randomBytes(SIZE)
  const path = join(dir, `${Math.random().toString(36).slice(2)}.jpg`)
  writeFileSync(path, bytes)
  return { path, size: SIZE, type: 'image/jpeg', name: 'photo.jpg', bytes }
}

function recordingTransport(): FormTransport {
  const inner = createNodeTransport()
  return {
    uploadForm: (request) => inner.uploadForm(request),
    async head(request) {
      const response = await inner.head!(request)
      heads.push(response)
      return response
    },
  }
}

async function postJson(url: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
  if (!response.ok) throw new Error(`${url} answered ${response.status}`)
  return response.json() as Promise<Record<string, unknown>>
}

const SIGNING: Record<string, () => Partial<UploaderOptions>> = {
  'device-signed': () => ({ getCredentials: () => postJson(`${cos.sts.url}/sts`, {}) }),
  'server-signed': () => ({
    getPostPolicy: async (key, file, { attempt }) => {
      const answer = await postJson(`${cos.sts.url}/post-policy`, { key, size: file.size, contentType: file.type, attempt })
      return { fields: answer.fields as Record<string, string>, headUrl: answer.headUrl as string }
    },
  }),
}

function uploaderFor(signing: Partial<UploaderOptions>, key: string, maxRetries = 2) {
  return createUploader({
    location: { bucket: BUCKET, region: cos.emulator.region, endpoint: `http://{bucket}.cos.{region}.localhost:${cos.emulator.port}` },
    transport: recordingTransport(),
    keyOf: () => key,
    maxRetries,
    // No backoff wait between attempts.
    random: () => 0,
    ...signing,
  })
}

/** A fixed key already holding an object of SIZE bytes, uploaded the same way. */
async function keyWithOldObject(signing: Partial<UploaderOptions>) {
  const key = `uploads/overwrite/${++keyCount}-${Date.now()}.jpg`
  const old = picked()
  const uploader = uploaderFor(signing, key)
  uploader.add([old])
  const [task] = await settled(uploader)
  uploader.destroy()
  expect(task.status).toBe('done')
  heads.length = 0
  return { key, old }
}

function faultsSeen(): string[] {
  const seen: string[] = []
  cos.emulator.events.on('fault', ({ fault }: { fault: string }) => seen.push(fault))
  return seen
}

describe.each(Object.keys(SIGNING))('%s, a fixed key holding an object of the same size', (name) => {
  it('every attempt reset mid-body: never done with the old object, which stays as it was', async () => {
    const { key, old } = await keyWithOldObject(SIGNING[name]())
    cos.emulator.setFaults({ resetRate: 1, resetAfterBytes: 16 * 1024 })
    const faults = faultsSeen()
    const uploader = uploaderFor(SIGNING[name](), key)
    const statuses: string[] = []
    uploader.subscribe((tasks) => statuses.push(tasks[0].status))
    uploader.add([picked()])
    const [task] = await settled(uploader)
    uploader.destroy()

    expect(faults).toEqual(['reset', 'reset', 'reset'])
    // Each HEAD found an object of the same size: the old one, whose marker isn't this attempt's.
    expect(heads.map((head) => [head.statusCode, Number(head.headers['content-length'])])).toEqual([[200, SIZE], [200, SIZE], [200, SIZE]])
    expect(new Set(heads.map((head) => head.headers['x-cos-meta-attempt'])).size).toBe(1)
    expect(statuses).not.toContain('done')
    expect(task).toMatchObject({ status: 'error', attempt: 3, error: { kind: 'network' } })
    expect(await cos.emulator.readObject(BUCKET, key)).toEqual(old.bytes)
  })

  it('the answer lost after COS stored the new bytes: done at the first attempt, with the new ETag', async () => {
    const { key, old } = await keyWithOldObject(SIGNING[name]())
    cos.emulator.setFaults({ lostAnswerRate: 1 })
    const faults = faultsSeen()
    const uploader = uploaderFor(SIGNING[name](), key)
    const file = picked()
    uploader.add([file])
    const [task] = await settled(uploader)
    uploader.destroy()

    expect(faults).toEqual(['lost-answer'])
    expect(task).toMatchObject({ status: 'done', attempt: 1, result: { key, size: SIZE, etag: `"${md5(file.bytes)}"` } })
    expect(md5(old.bytes)).not.toBe(md5(file.bytes))
    expect(await cos.emulator.readObject(BUCKET, key)).toEqual(file.bytes)
  })
})

it('a policy server that leaves the marker out: nobody can tell, so no HEAD; the same key is sent again', async () => {
  const { key } = await keyWithOldObject(SIGNING['server-signed']())
  const forgetful: Partial<UploaderOptions> = {
    getPostPolicy: async (key, file) => {
      const answer = await postJson(`${cos.sts.url}/post-policy`, { key, size: file.size, contentType: file.type })
      return { fields: answer.fields as Record<string, string>, headUrl: answer.headUrl as string }
    },
  }
  cos.emulator.setFaults({ lostAnswerRate: 1 })
  const uploader = uploaderFor(forgetful, key)
  uploader.subscribe((tasks) => { if (tasks[0]?.attempt === 2) cos.emulator.setFaults({ lostAnswerRate: 0 }) })
  const file = picked()
  uploader.add([file])
  const [task] = await settled(uploader)
  uploader.destroy()

  expect(heads).toEqual([])
  expect(task).toMatchObject({ status: 'done', attempt: 2, result: { etag: `"${md5(file.bytes)}"` } })
  expect(await cos.emulator.readObject(BUCKET, key)).toEqual(file.bytes)
})
