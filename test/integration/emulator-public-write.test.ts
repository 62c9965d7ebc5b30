// The emulator's publicWrite bucket option (the bench's unsigned physical-limit baseline): anonymous PostObject is
// stored there, and nowhere else; other anonymous writes stay refused.
import { startEmulator, type RunningEmulator } from '../../server/emulator'
import { BUCKET, multipart, send, virtualHost, xmlField } from '../server/http'

const PUBLIC_BUCKET = 'benchpublic-1250000000'
let emulator: RunningEmulator

beforeAll(async () => {
  emulator = await startEmulator({ quiet: true, buckets: [BUCKET, { name: PUBLIC_BUCKET, publicWrite: true }] })
})
afterAll(() => emulator.close())

const anonymousPost = (bucket: string, key: string, file: Buffer) => {
  const form = multipart({ key }, file)
  return send(emulator.url, { method: 'POST', headers: { Host: virtualHost(emulator, bucket), 'Content-Type': form.contentType }, body: form.body })
}

it('stores an unsigned PostObject in a publicWrite bucket', async () => {
  const file = Buffer.from('unsigned bytes')
  const answer = await anonymousPost(PUBLIC_BUCKET, 'uploads/raw.bin', file)
  expect(answer.status).toBe(204)
  expect(await emulator.readObject(PUBLIC_BUCKET, 'uploads/raw.bin')).toEqual(file)
})

it('refuses an unsigned PostObject in other buckets with AccessDenied', async () => {
  const answer = await anonymousPost(BUCKET, 'uploads/raw.bin', Buffer.from('x'))
  expect(answer.status).toBe(403)
  expect(xmlField(answer.text, 'Code')).toBe('AccessDenied')
  expect(await emulator.readObject(BUCKET, 'uploads/raw.bin')).toBeUndefined()
})

it('still refuses an unsigned PUT in a publicWrite bucket', async () => {
  const answer = await send(emulator.url, { method: 'PUT', path: '/uploads/put.bin', headers: { Host: virtualHost(emulator, PUBLIC_BUCKET) }, body: 'x' })
  expect(answer.status).toBe(403)
  expect(xmlField(answer.text, 'Code')).toBe('AccessDenied')
})
