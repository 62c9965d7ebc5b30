// Tasks failing together on expired keys or a skewed clock: one STS fetch and one clock fix, not one per task;
// an answer dated before another task's fix does not undo it. Real signing and cache; only the host transport is scripted.
import { createUploader } from '../../../src/lib/core/upload/engine'
import { type PickedFile } from '../../../src/lib/core/upload/types'
import { cosErrorXml, createScriptedTransport, settle } from './scriptedTransport'

const NOW = Date.parse('2026-03-01T08:00:00Z')
const SERVER = NOW + 20 * 60_000
const dated = (ms: number) => ({ date: new Date(ms).toUTCString() })
const expired = cosErrorXml('AccessDenied', 'Request has expired')
const file = (n: number): PickedFile => ({ path: `wxfile://tmp_${n}.jpg`, size: 1000 + n, type: 'image/jpeg' })

function setup() {
  const transport = createScriptedTransport()
  let fetches = 0
  // Without startTime: the device signs on its own clock plus the offset it learned. Keys last 20 minutes: the first
  // was minted at NOW, and when the tasks are refused the server reads SERVER (the device still NOW), so it has
  // expired; later ones are minted at SERVER.
  const getCredentials = jest.fn(async () => ({
    credentials: { tmpSecretId: `AKIDtmp${++fetches}`, tmpSecretKey: `key${fetches}`, sessionToken: `token-${fetches}` },
    expiredTime: (fetches === 1 ? NOW : SERVER) / 1000 + 1200,
  }))
  const uploader = createUploader({
    location: { bucket: 'examplebucket-1250000000', region: 'ap-guangzhou' }, transport, getCredentials,
    concurrency: 3, now: () => NOW, random: Math.random,
  })
  return { uploader, transport, getCredentials }
}

const keyStart = (fields: Record<string, string>) => Number(fields['q-key-time'].split(';')[0])

describe('one refresh for tasks failing together', () => {
  it('three tasks refused at once: one new key, one clock fix, and all three re-signed with them', async () => {
    const { uploader, transport, getCredentials } = setup()
    uploader.add([file(1), file(2), file(3)])
    await settle()
    expect(transport.uploads).toHaveLength(3)
    for (const upload of transport.uploads) upload.respond(403, dated(SERVER), expired)
    await settle()
    expect(getCredentials).toHaveBeenCalledTimes(2)
    const retries = transport.uploads.slice(3)
    expect(retries.map((upload) => upload.request.formData['q-ak'])).toEqual(['AKIDtmp2', 'AKIDtmp2', 'AKIDtmp2'])
    expect(retries.map((upload) => keyStart(upload.request.formData))).toEqual([1, 2, 3].map(() => SERVER / 1000 - 1))
    for (const upload of retries) upload.respond(204, { etag: '"e"' })
    await settle()
    expect(uploader.getTasks().map((task) => [task.status, task.attempt])).toEqual([['done', 2], ['done', 2], ['done', 2]])
  })

  it('an answer dated before the fix (a slow request) neither resets the clock nor fetches again', async () => {
    const { uploader, transport, getCredentials } = setup()
    uploader.add([file(1), file(2)])
    await settle()
    transport.uploads[0].respond(403, dated(SERVER), expired)
    await settle()
    // The slow one was dated 15 minutes earlier on the server (e.g. a Date stamped before a server clock jump).
    transport.uploads[1].respond(403, dated(SERVER - 15 * 60_000), expired)
    await settle()
    expect(getCredentials).toHaveBeenCalledTimes(2)
    const [, , first, second] = transport.uploads
    expect([keyStart(first.request.formData), keyStart(second.request.formData)]).toEqual([SERVER / 1000 - 1, SERVER / 1000 - 1])
    expect(second.request.formData['q-ak']).toBe('AKIDtmp2')
  })

  it('a task whose refresh was skipped keeps its own one recovery for a later failure on the new key', async () => {
    const { uploader, transport, getCredentials } = setup()
    uploader.add([file(1), file(2)])
    await settle()
    transport.uploads[0].respond(403, dated(SERVER), expired)
    await settle()
    transport.uploads[1].respond(403, dated(SERVER), expired)
    await settle()
    // The second task's retry (new key, new clock) is refused too: it may still recover once itself. The new key is
    // valid on the server's clock, so that is a clock fix alone, without a fetch.
    transport.uploads[3].respond(403, dated(SERVER + 60_000), expired)
    await settle()
    expect(getCredentials).toHaveBeenCalledTimes(2)
    expect(transport.uploads[4].request.formData['q-ak']).toBe('AKIDtmp2')
    expect(keyStart(transport.uploads[4].request.formData)).toBe(SERVER / 1000 + 60 - 1)
    expect(uploader.getTasks()[1]).toMatchObject({ status: 'uploading', attempt: 3 })
  })
})
