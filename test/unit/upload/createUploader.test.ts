// The engine with real signing, real credential cache and real error diagnosis; only the host transport is scripted.
import { createHash, createHmac } from 'node:crypto'
import { CredentialSession } from '../../../src/lib/core/credentials'
import { CosServiceError, CosUploaderError, CredentialsError, InvalidInputError } from '../../../src/lib/core/errors'
import { createUploader } from '../../../src/lib/core/upload/engine'
import { type HeadRequest } from '../../../src/lib/core/transport'
import { type PickedFile, type UploaderOptions, type UploadTaskState } from '../../../src/lib/core/upload/types'
import { cosErrorXml, createScriptedTransport, settle } from './scriptedTransport'

const NOW = Date.parse('2026-03-01T08:00:00Z')
const BUCKET = 'examplebucket-1250000000'

function sts(n: number, withStartTime = true) {
  return {
    credentials: { tmpSecretId: `AKIDtmp${n}`, tmpSecretKey: `tmpSecretKey${n}`, sessionToken: `token-${n}` },
    ...(withStartTime ? { startTime: NOW / 1000 - 5 } : {}),
    expiredTime: NOW / 1000 + 1800,
  }
}

const file = (n: number): PickedFile => ({ path: `wxfile://tmp_${n}.jpg`, size: 1000 + n, type: 'image/jpeg' })

function setup(options: Partial<UploaderOptions> & { startTime?: boolean } = {}) {
  const { startTime = true, ...patch } = options
  const transport = createScriptedTransport()
  let fetches = 0
  const getCredentials = jest.fn(async () => sts(++fetches, startTime))
  let draws = 0
  const uploader = createUploader({
    location: { bucket: BUCKET, region: 'ap-guangzhou' },
    transport,
    getCredentials,
    prefix: 'uploads/',
    now: () => NOW,
    random: () => ((draws++ * 7) % 36) / 36,
    ...patch,
  })
  const history: UploadTaskState[][] = []
  uploader.subscribe((tasks) => history.push(tasks))
  const statusesOf = (id: string) => history.map((tasks) => tasks.find((t) => t.id === id)?.status)
    .filter((status, i, all) => status !== all[i - 1])
  return { uploader, transport, getCredentials, history, statusesOf }
}

const policyOf = (fields: Record<string, string>) => JSON.parse(Buffer.from(fields.policy, 'base64').toString('utf8'))

const ok = { etag: '"9a0364b9e99bb480dd25e1f0284c8555"', 'x-cos-request-id': 'req-ok' }

describe('one task through its states', () => {
  it('queued → signing → uploading → processing → done, with progress and the ETag', async () => {
    const { uploader, transport, statusesOf } = setup()
    const [task] = uploader.add([file(1)])
    expect(task).toMatchObject({ status: 'queued', attempt: 0, percent: 0 })
    expect(task.key).toMatch(/^uploads\/2026\/03\/01\/[0-9a-z]{16}\.jpg$/)
    await settle()

    const [upload] = transport.uploads
    expect(upload.request.url).toBe(`https://${BUCKET}.cos.ap-guangzhou.myqcloud.com/`)
    expect(upload.request.filePath).toBe('wxfile://tmp_1.jpg')
    expect(uploader.getTasks()[0]).toMatchObject({ status: 'uploading', attempt: 1 })

    upload.progress(400, 1001)
    expect(uploader.getTasks()[0]).toMatchObject({ status: 'uploading', loaded: 400, total: 1001, percent: 40 })
    upload.progress(1001, 1001)
    expect(uploader.getTasks()[0]).toMatchObject({ status: 'processing', percent: 100 })

    upload.respond(204, ok)
    await settle()
    expect(uploader.getTasks()[0]).toMatchObject({
      status: 'done',
      result: {
        key: task.key,
        url: `https://${BUCKET}.cos.ap-guangzhou.myqcloud.com/${task.key}`,
        size: 1001,
        etag: '"9a0364b9e99bb480dd25e1f0284c8555"',
      },
    })
    expect(statusesOf(task.id)).toEqual(['queued', 'signing', 'uploading', 'processing', 'done'])
  })

  it('signs a policy form bound to the exact key with the temporary key, on the server clock from STS', async () => {
    const { uploader, transport } = setup({ successActionStatus: 201 })
    const [task] = uploader.add([file(1)])
    await settle()
    const { formData } = transport.uploads[0].request
    expect(Object.keys(formData)[0]).toBe('key')
    expect(formData).toMatchObject({
      key: task.key,
      'q-sign-algorithm': 'sha1',
      'q-ak': 'AKIDtmp1',
      'q-key-time': `${NOW / 1000 - 5};${NOW / 1000 + 1800}`,
      'x-cos-security-token': 'token-1',
      'Content-Type': 'image/jpeg',
      success_action_status: '201',
    })
    // Recomputed with node:crypto from the documented recipe (doc 436/14690), signed with the temporary secret.
    const hmac = (key: string, text: string) => createHmac('sha1', key).update(text).digest('hex')
    const policyText = Buffer.from(formData.policy, 'base64').toString('utf8')
    const sha1 = createHash('sha1').update(policyText).digest('hex')
    expect(formData['q-signature']).toBe(hmac(hmac('tmpSecretKey1', formData['q-key-time']), sha1))
    expect(policyOf(formData).expiration).toBe(new Date((NOW / 1000 + 1800) * 1000).toISOString())
    expect(policyOf(formData).conditions).toEqual(expect.arrayContaining([
      { bucket: BUCKET }, { key: task.key }, { 'q-ak': 'AKIDtmp1' }, { success_action_status: '201' },
    ]))
  })

  it('a host with no headers still gives done, without an ETag', async () => {
    const { uploader, transport } = setup()
    uploader.add([file(1)])
    await settle()
    transport.uploads[0].respond(200, {}, '')
    await settle()
    const [task] = uploader.getTasks()
    expect(task.status).toBe('done')
    expect(task.result).not.toHaveProperty('etag')
  })

  it('only a 2xx makes done: a 3xx or an error body is a diagnosed CosServiceError', async () => {
    const { uploader, transport } = setup()
    uploader.add([file(1), file(2)])
    await settle()
    transport.uploads[0].respond(302, { location: 'https://example.com/' })
    transport.uploads[1].respond(404, { 'x-cos-request-id': 'req-404' }, cosErrorXml('NoSuchBucket', 'The specified bucket does not exist.', 'req-404'))
    await settle()
    const [redirected, missing] = uploader.getTasks()
    expect(redirected.status).toBe('error')
    expect(redirected.error).toBeInstanceOf(CosServiceError)
    expect(missing.status).toBe('error')
    expect(missing.error).toMatchObject({ statusCode: 404, cos: { Code: 'NoSuchBucket', RequestId: 'req-404' } })
    expect(missing.error!.diagnosis.code).toBe('no-such-bucket')
    expect(missing.error!.diagnosis.message['zh-CN']).toBeTruthy()
    expect(transport.uploads).toHaveLength(2)
  })
})

describe('queue', () => {
  it('runs at most `concurrency` at once (default 3) and starts the next as one finishes', async () => {
    const { uploader, transport } = setup()
    uploader.add([1, 2, 3, 4, 5].map(file))
    await settle()
    expect(transport.pending().map((u) => u.request.filePath)).toEqual(['wxfile://tmp_1.jpg', 'wxfile://tmp_2.jpg', 'wxfile://tmp_3.jpg'])
    transport.uploads[1].respond(204, ok)
    await settle()
    expect(transport.uploads.map((u) => u.request.filePath)).toContain('wxfile://tmp_4.jpg')
    expect(transport.pending()).toHaveLength(3)
    expect(uploader.getTasks().map((t) => t.status)).toEqual(['uploading', 'done', 'uploading', 'uploading', 'queued'])
  })

  it('honours a custom concurrency', async () => {
    const { uploader, transport } = setup({ concurrency: 1 })
    uploader.add([1, 2].map(file))
    await settle()
    expect(transport.uploads).toHaveLength(1)
    transport.uploads[0].respond(500, {}, cosErrorXml('InternalError', 'We encountered an internal error.'))
    await settle()
    expect(transport.uploads).toHaveLength(1) // the first one holds its slot while it waits to retry
  })

  it('keeps pick order in every snapshot when uploads finish out of order', async () => {
    const { uploader, transport } = setup()
    const added = uploader.add([1, 2, 3].map(file))
    await settle()
    transport.uploads[2].respond(204, ok)
    await settle()
    transport.uploads[0].respond(204, ok)
    await settle()
    transport.uploads[1].respond(204, ok)
    await settle()
    const tasks = uploader.getTasks()
    expect(tasks.map((t) => t.id)).toEqual(added.map((t) => t.id))
    expect(tasks.map((t) => t.result?.key)).toEqual(added.map((t) => t.key))
    expect(tasks.map((t) => t.file.path)).toEqual(['wxfile://tmp_1.jpg', 'wxfile://tmp_2.jpg', 'wxfile://tmp_3.jpg'])
  })

  it('add({start: false}) waits for start()', async () => {
    const { uploader, transport, getCredentials } = setup()
    uploader.add([file(1)], { start: false })
    uploader.add([file(2)])
    await settle()
    expect(transport.uploads.map((u) => u.request.filePath)).toEqual(['wxfile://tmp_2.jpg'])
    uploader.start()
    await settle()
    expect(transport.uploads.map((u) => u.request.filePath)).toEqual(['wxfile://tmp_2.jpg', 'wxfile://tmp_1.jpg'])
    expect(getCredentials).toHaveBeenCalledTimes(1)
  })

  it('gives immutable snapshots: a new object for a changed task, the same object for the others', async () => {
    const { uploader, transport } = setup()
    uploader.add([1, 2].map(file))
    await settle()
    const before = uploader.getTasks()
    transport.uploads[0].progress(500)
    const after = uploader.getTasks()
    expect(after).not.toBe(before)
    expect(after[0]).not.toBe(before[0])
    expect(after[1]).toBe(before[1])
    expect(before[0].percent).toBe(0)
    expect(Object.isFrozen(after[0])).toBe(true)
    expect(uploader.getTasks()).toBe(after)
  })

  it('subscribe returns an unsubscribe; destroy aborts in-flight uploads and stops notifying', async () => {
    const { uploader, transport } = setup()
    const listener = jest.fn()
    const unsubscribe = uploader.subscribe(listener)
    uploader.add([file(1)])
    await settle()
    expect(listener).toHaveBeenCalled()
    unsubscribe()
    listener.mockClear()
    transport.uploads[0].progress(10)
    expect(listener).not.toHaveBeenCalled()

    const late = jest.fn()
    uploader.subscribe(late)
    uploader.destroy()
    expect(transport.uploads[0].aborted).toBe(true)
    transport.uploads[0].respond(204, ok)
    await settle()
    expect(late).not.toHaveBeenCalled()
    expect(uploader.add([file(2)])).toEqual([])
  })
})

describe('credentials', () => {
  it('N uploads cause one STS fetch, and prefetchCredentials() makes it before any upload', async () => {
    const { uploader, getCredentials, transport } = setup({ concurrency: 5 })
    uploader.prefetchCredentials()
    await settle()
    expect(getCredentials).toHaveBeenCalledTimes(1)
    uploader.add([1, 2, 3, 4, 5].map(file))
    await settle()
    expect(transport.uploads).toHaveLength(5)
    expect(getCredentials).toHaveBeenCalledTimes(1)
    expect(new Set(transport.uploads.map((u) => u.request.formData['q-ak']))).toEqual(new Set(['AKIDtmp1']))
  })

  it('uploaders can share one injected cache', async () => {
    const getCredentials = jest.fn(async () => sts(1))
    const session = new CredentialSession({ getCredentials, now: () => NOW })
    const a = setup({ getCredentials: undefined, session })
    const b = setup({ getCredentials: undefined, session })
    a.uploader.add([file(1)])
    b.uploader.add([file(2)])
    await settle()
    expect(a.transport.uploads).toHaveLength(1)
    expect(b.transport.uploads).toHaveLength(1)
    expect(getCredentials).toHaveBeenCalledTimes(1)
    expect(session.fetchCount).toBe(1)
  })

  it('a failed STS fetch fails the task with a CredentialsError, and retry fetches again', async () => {
    // Without automatic retries (they back off first; see test/integration/soak.test.ts).
    const { uploader, getCredentials, transport } = setup({ maxRetries: 0 })
    getCredentials.mockRejectedValueOnce(new Error('sts 502'))
    const [task] = uploader.add([file(1)])
    await settle()
    expect(uploader.getTasks()[0].error).toBeInstanceOf(CredentialsError)
    expect(transport.uploads).toHaveLength(0)
    uploader.retry(task.id)
    await settle()
    expect(getCredentials).toHaveBeenCalledTimes(2)
    expect(transport.uploads).toHaveLength(1)
  })

  it('refuses a permanent key unless dangerouslyAllowPermanentKey; with it, signs without a token', async () => {
    const permanent = jest.fn(async () => ({ secretId: 'AKIDpermanent', secretKey: 'permanentSecretKey' }))
    const refused = setup({ getCredentials: permanent })
    refused.uploader.add([file(1)])
    await settle()
    expect(refused.uploader.getTasks()[0]).toMatchObject({ status: 'error', error: { kind: 'credentials', code: 'permanent-key-refused' } })
    expect(refused.transport.uploads).toHaveLength(0)

    permanent.mockClear()
    const allowed = setup({ getCredentials: permanent, dangerouslyAllowPermanentKey: true })
    const [task] = allowed.uploader.add([file(1)])
    await settle()
    const { formData } = allowed.transport.uploads[0].request
    expect(formData['q-ak']).toBe('AKIDpermanent')
    expect(formData).not.toHaveProperty('x-cos-security-token')
    // A wrong permanent SecretId is not fixed by fetching it again: no refresh, no retry.
    allowed.transport.uploads[0].respond(403, {}, cosErrorXml('InvalidAccessKeyId', 'The access key Id format you provided is invalid.'))
    await settle()
    allowed.uploader.retry(task.id)
    await settle()
    expect(allowed.transport.uploads).toHaveLength(2)
    expect(permanent).toHaveBeenCalledTimes(1)
  })

  it('passes the per-attempt timeout, idle timeout and the file name to the transport', async () => {
    const { uploader, transport } = setup({ timeout: 30_000, idleTimeout: 20_000 })
    uploader.add([{ ...file(1), name: 'cat.jpg' }])
    await settle()
    expect(transport.uploads[0].request).toMatchObject({ timeout: 30_000, idleTimeout: 20_000, fileName: 'cat.jpg' })
  })

  it('refuses neither or both signing modes before anything runs', () => {
    const transport = createScriptedTransport()
    const location = { bucket: BUCKET, region: 'ap-guangzhou' }
    expect(() => createUploader({ location, transport })).toThrow(InvalidInputError)
    expect(() => createUploader({ location, transport, getCredentials: async () => sts(1), getPostPolicy: async () => ({}) }))
      .toThrow(expect.objectContaining({ code: 'invalid-options' }))
    expect(() => createUploader({ location: { bucket: 'nobucket', region: 'ap-guangzhou' }, transport, getCredentials: async () => sts(1) }))
      .toThrow(expect.objectContaining({ code: 'invalid-bucket' }))
    expect(() => createUploader({ location, transport, getCredentials: async () => sts(1), concurrency: 0 }))
      .toThrow(expect.objectContaining({ code: 'invalid-options' }))
  })
})

describe('server-signed policy', () => {
  it('asks getPostPolicy for each key and sends its fields untouched, key first', async () => {
    const getPostPolicy = jest.fn(async (key: string) => ({ policy: 'cG9saWN5', 'q-ak': 'AKIDsrv', 'q-signature': 'f'.repeat(40), 'q-key-time': '1;2', key }))
    const { uploader, transport } = setup({ getCredentials: undefined, getPostPolicy })
    const [task] = uploader.add([file(7)])
    await settle()
    expect(getPostPolicy).toHaveBeenCalledWith(task.key, file(7), { attempt: expect.stringMatching(/^[0-9a-z]{20}$/) })
    expect(transport.uploads[0].request.formData).toEqual({ key: task.key, policy: 'cG9saWN5', 'q-ak': 'AKIDsrv', 'q-signature': 'f'.repeat(40), 'q-key-time': '1;2' })
    expect(Object.keys(transport.uploads[0].request.formData)[0]).toBe('key')
  })

  it('takes a form with a HEAD URL: after a lost answer, the HEAD of that URL decides, by the marker the server signed', async () => {
    const head = jest.fn(async () => ({ statusCode: 200, headers: { 'content-length': '1007', etag: '"srv"', 'x-cos-meta-attempt': sent() } }))
    const getPostPolicy = jest.fn(async (key: string, _file: PickedFile, { attempt }: { attempt: string }) =>
      ({ fields: { policy: 'cG9saWN5', 'x-cos-meta-attempt': attempt, key }, headUrl: 'https://head.example/signed' }))
    const { uploader, transport } = setup({ getCredentials: undefined, getPostPolicy, maxRetries: 0 })
    Object.assign(transport, { head })
    const sent = () => transport.uploads[0].request.formData['x-cos-meta-attempt']
    uploader.add([file(7)])
    await settle()
    expect(transport.uploads[0].request.formData).toEqual({ key: uploader.getTasks()[0].key, policy: 'cG9saWN5', 'x-cos-meta-attempt': getPostPolicy.mock.calls[0][2].attempt })
    transport.uploads[0].failNetwork()
    await settle()
    expect(head).toHaveBeenCalledWith(expect.objectContaining({ url: 'https://head.example/signed' }))
    expect(uploader.getTasks()[0]).toMatchObject({ status: 'done', result: { etag: '"srv"' } })
  })

  it('a server that leaves the marker out: nobody can tell, so no HEAD and no done on a lost answer', async () => {
    const head = jest.fn(async () => ({ statusCode: 200, headers: { 'content-length': '1007' } }))
    const getPostPolicy = async (key: string) => ({ fields: { policy: 'cG9saWN5', key }, headUrl: 'https://head.example/signed' })
    const { uploader, transport } = setup({ getCredentials: undefined, getPostPolicy, maxRetries: 0 })
    Object.assign(transport, { head })
    uploader.add([file(7)])
    await settle()
    transport.uploads[0].failNetwork()
    await settle()
    expect(head).not.toHaveBeenCalled()
    expect(uploader.getTasks()[0]).toMatchObject({ status: 'error', error: { kind: 'network' } })
  })

  it('a getPostPolicy failure is a CredentialsError on the task', async () => {
    const { uploader, transport } = setup({ getCredentials: undefined, maxRetries: 0, getPostPolicy: async () => { throw new Error('403 from /post-policy') } })
    uploader.add([file(1)])
    await settle()
    const [task] = uploader.getTasks()
    expect(task.status).toBe('error')
    expect(task.error).toBeInstanceOf(CredentialsError)
    expect(task.error!.diagnosis.detail).toEqual({ reason: 'Error: 403 from /post-policy' })
    expect(transport.uploads).toHaveLength(0)
  })
})

describe('keys', () => {
  it('uses keyOf when given', async () => {
    const { uploader, transport } = setup({ keyOf: (f) => `uploads/custom/${f.size}.jpg` })
    const [task] = uploader.add([file(3)])
    expect(task.key).toBe('uploads/custom/1003.jpg')
    await settle()
    expect(transport.uploads[0].request.formData.key).toBe('uploads/custom/1003.jpg')
  })

  it('a key outside allowPrefix fails at add(), before credentials or network, with the diagnosis', async () => {
    const { uploader, transport, getCredentials } = setup({ prefix: 'photos/', allowPrefix: ['uploads/'] })
    const [task] = uploader.add([file(1)])
    await settle()
    expect(task.status).toBe('error')
    expect(task.error).toBeInstanceOf(InvalidInputError)
    expect(task.error!.diagnosis).toMatchObject({ code: 'key-outside-prefix', retryable: false })
    expect(task.error!.diagnosis.message.en).toContain('uploads/')
    expect(getCredentials).not.toHaveBeenCalled()
    expect(transport.uploads).toHaveLength(0)
  })

  it('an invalid key from keyOf, or a file without a path, fails that task only', async () => {
    const { uploader, transport } = setup({ keyOf: (f) => (f.size === 1001 ? '/leading-slash.jpg' : `uploads/${f.size}.jpg`) })
    const tasks = uploader.add([file(1), { path: '', size: 5 }, file(2)])
    expect(tasks.map((t) => t.status)).toEqual(['error', 'error', 'queued'])
    expect(tasks.map((t) => t.error?.code)).toEqual(['invalid-key', 'invalid-file', undefined])
    await settle()
    expect(transport.uploads.map((u) => u.request.formData.key)).toEqual(['uploads/1002.jpg'])
  })

  it('keeps the same key on every try', async () => {
    jest.useFakeTimers()
    try {
      const { uploader, transport } = setup()
      const [task] = uploader.add([file(1)])
      await settle()
      transport.uploads[0].failNetwork()
      await jest.advanceTimersByTimeAsync(10_000)
      transport.uploads[1].respond(503, {}, cosErrorXml('SlowDown', 'Please reduce your request rate.'))
      await jest.advanceTimersByTimeAsync(10_000)
      expect(transport.uploads.map((u) => u.request.formData.key)).toEqual([task.key, task.key, task.key])
    } finally {
      jest.useRealTimers()
    }
  })
})

describe('cancel and remove', () => {
  it('cancel aborts the upload; a late answer and late progress are ignored; never done', async () => {
    const { uploader, transport, history } = setup()
    transport.abortRaces = true
    const [task] = uploader.add([file(1)])
    await settle()
    transport.uploads[0].progress(900)
    uploader.cancel(task.id)
    expect(transport.uploads[0].aborted).toBe(true)
    expect(uploader.getTasks()[0].status).toBe('canceled')
    transport.uploads[0].progress(1000)
    transport.uploads[0].respond(204, ok)
    await settle()
    expect(uploader.getTasks()[0]).toMatchObject({ status: 'canceled', percent: 90 })
    expect(history.flat().some((t) => t.status === 'done' || t.result)).toBe(false)
  })

  it('cancel then retry: the first attempt\'s late progress and answer never count for the new attempt', async () => {
    const { uploader, transport } = setup()
    transport.abortRaces = true
    const [task] = uploader.add([file(1)])
    await settle()
    transport.uploads[0].progress(900)
    uploader.cancel(task.id)
    uploader.retry(task.id)
    await settle()
    expect(transport.uploads).toHaveLength(2)
    expect(uploader.getTasks()[0]).toMatchObject({ status: 'uploading', percent: 0 })
    // The aborted request raced the network: its progress and its answer still arrive.
    transport.uploads[0].progress(1000)
    transport.uploads[0].respond(204, { ...ok, etag: '"first-attempt"' })
    await settle()
    expect(uploader.getTasks()[0]).toMatchObject({ status: 'uploading', percent: 0 })
    transport.uploads[1].progress(500)
    transport.uploads[1].respond(204, { ...ok, etag: '"second-attempt"' })
    await settle()
    expect(uploader.getTasks()[0]).toMatchObject({ status: 'done', result: { etag: '"second-attempt"' } })
  })

  it('a progress event after the answer (a host may still fire one) leaves the task done at 100 %', async () => {
    const { uploader, transport } = setup()
    uploader.add([file(1)])
    await settle()
    transport.uploads[0].progress(400)
    transport.uploads[0].respond(204, ok)
    await settle()
    transport.uploads[0].progress(700)
    expect(uploader.getTasks()[0]).toMatchObject({ status: 'done', percent: 100 })
  })

  it('cancel while signing: the upload never starts', async () => {
    const { uploader, transport, getCredentials } = setup()
    let release!: () => void
    getCredentials.mockImplementationOnce(() => new Promise((resolve) => { release = () => resolve(sts(1)) }))
    const [task] = uploader.add([file(1)])
    await settle()
    expect(uploader.getTasks()[0].status).toBe('signing')
    uploader.cancel(task.id)
    release()
    await settle()
    expect(transport.uploads).toHaveLength(0)
    expect(uploader.getTasks()[0].status).toBe('canceled')
  })

  it('cancel frees the slot for the next queued task; a canceled task can be retried', async () => {
    const { uploader, transport } = setup({ concurrency: 1 })
    const [first] = uploader.add([file(1), file(2)])
    await settle()
    uploader.cancel(first.id)
    await settle()
    expect(transport.uploads.map((u) => u.request.filePath)).toEqual(['wxfile://tmp_1.jpg', 'wxfile://tmp_2.jpg'])
    transport.uploads[1].respond(204, ok)
    uploader.retry(first.id)
    await settle()
    expect(transport.uploads).toHaveLength(3)
    transport.uploads[2].respond(204, ok)
    await settle()
    expect(uploader.getTasks().map((t) => t.status)).toEqual(['done', 'done'])
  })

  it('remove aborts, forgets and frees the slot; clear forgets everything', async () => {
    const { uploader, transport } = setup({ concurrency: 2 })
    const [a, b] = uploader.add([file(1), file(2), file(3)])
    await settle()
    uploader.remove(a.id)
    expect(transport.uploads[0].aborted).toBe(true)
    await settle()
    expect(transport.pending().map((u) => u.request.filePath)).toEqual(['wxfile://tmp_2.jpg', 'wxfile://tmp_3.jpg'])
    expect(uploader.getTasks().map((t) => t.id)).not.toContain(a.id)
    transport.uploads[0].respond(204, ok) // no effect on anything
    await settle()
    expect(uploader.getTasks().map((t) => t.id)).not.toContain(a.id)
    uploader.clear()
    expect(uploader.getTasks()).toEqual([])
    expect(transport.uploads[1].aborted && transport.uploads[2].aborted).toBe(true)
    uploader.retry(b.id) // unknown now: no effect
    await settle()
    expect(uploader.getTasks()).toEqual([])
  })
})

describe('events and the task lifecycle', () => {
  it('one upload emits added, status, progress and done in order; a refused file emits added, then error', async () => {
    const { uploader, transport } = setup()
    const events: string[] = []
    uploader.on(({ type, task }) => events.push(`${type}:${task.status}`))
    uploader.add([file(1)])
    await settle()
    transport.uploads[0].progress(500, 1001)
    transport.uploads[0].progress(1001, 1001)
    transport.uploads[0].respond(204, ok)
    await settle()
    uploader.add([{ path: '', size: 1 }])
    expect(events).toEqual(['added:queued', 'status:signing', 'status:uploading', 'progress:uploading', 'progress:processing',
      'done:done', 'added:error', 'error:error'])
  })

  it('cancel emits canceled, remove and clear emit removed', async () => {
    const { uploader } = setup()
    const [a, b, c] = uploader.add([1, 2, 3].map(file))
    await settle()
    const events: string[] = []
    uploader.on(({ type, task }) => events.push(`${type}:${task.id}`))
    uploader.cancel(a.id)
    uploader.remove(b.id)
    uploader.clear()
    expect(events).toEqual([`canceled:${a.id}`, `removed:${b.id}`, `removed:${a.id}`, `removed:${c.id}`])
  })

  it('cancel and retry leave a task that is done, or still running, alone', async () => {
    const { uploader, transport } = setup()
    const [done, running] = uploader.add([file(1), file(2)])
    await settle()
    transport.uploads[0].respond(204, ok)
    await settle()
    const events = jest.fn()
    uploader.on(events)
    uploader.cancel(done.id)
    uploader.retry(done.id)
    uploader.retry(running.id)
    await settle()
    expect(events).not.toHaveBeenCalled()
    expect(uploader.getTasks().map((t) => t.status)).toEqual(['done', 'uploading'])
    expect(transport.uploads).toHaveLength(2)
  })

  it('a task refused at add() is keyed again by retry(): it runs once its key is valid, and stays refused otherwise', async () => {
    let calls = 0
    const { uploader, transport } = setup({ keyOf: (f) => (f.size === 1001 && calls++ === 0 ? '/leading-slash.jpg' : `uploads/${f.size}.jpg`) })
    const [refused, pathless] = uploader.add([file(1), { path: '', size: 5 }])
    expect([refused.status, pathless.status]).toEqual(['error', 'error'])
    uploader.retry(refused.id)
    uploader.retry(pathless.id)
    await settle()
    expect(uploader.getTasks().map((t) => [t.status, t.key, t.error?.code])).toEqual([
      ['uploading', 'uploads/1001.jpg', undefined], ['error', '', 'invalid-file'],
    ])
    expect(transport.uploads.map((u) => u.request.formData.key)).toEqual(['uploads/1001.jpg'])
  })

  it('without a prefix the default key starts with the UTC date', () => {
    const { uploader } = setup({ prefix: undefined })
    expect(uploader.add([file(1)])[0].key).toMatch(/^2026\/03\/01\/[0-9a-z]{16}\.jpg$/)
  })

  it('accepts an empty file; refuses a file with no path, a non-string path, or a size that is negative or not a number', () => {
    const { uploader } = setup()
    const bad = [null, { path: 'wxfile://a.jpg', size: -1 }, { path: 'wxfile://a.jpg', size: NaN }, { path: 'wxfile://a.jpg' },
      { path: 42, size: 1 }, { path: '', size: 1 }] as unknown as PickedFile[]
    const tasks = uploader.add([{ path: 'wxfile://empty.jpg', size: 0 }, ...bad], { start: false })
    expect(tasks.map((t) => t.status)).toEqual(['queued', ...bad.map(() => 'error')])
    expect(tasks.slice(1).map((t) => t.error?.code)).toEqual(bad.map(() => 'invalid-file'))
  })
})

describe('retry and recovery', () => {
  beforeEach(() => jest.useFakeTimers())
  afterEach(() => jest.useRealTimers())

  it('retries 5xx and network failures with exponential backoff and full jitter, exposing the attempt', async () => {
    const { uploader, transport } = setup({ random: () => 0.5 })
    uploader.add([file(1)])
    await jest.advanceTimersByTimeAsync(0)
    transport.uploads[0].respond(500, {}, cosErrorXml('InternalError', 'We encountered an internal error. Please try again.'))
    await jest.advanceTimersByTimeAsync(0)
    expect(uploader.getTasks()[0]).toMatchObject({ status: 'queued', attempt: 1, error: { statusCode: 500 } })

    await jest.advanceTimersByTimeAsync(249) // retry 1: 0.5 × 500 ms
    expect(transport.uploads).toHaveLength(1)
    await jest.advanceTimersByTimeAsync(1)
    expect(transport.uploads).toHaveLength(2)
    expect(uploader.getTasks()[0]).toMatchObject({ status: 'uploading', attempt: 2 })
    expect(uploader.getTasks()[0].error).toBeUndefined()

    transport.uploads[1].failNetwork('uploadFile:fail interrupted')
    await jest.advanceTimersByTimeAsync(499) // retry 2: 0.5 × 1000 ms
    expect(transport.uploads).toHaveLength(2)
    await jest.advanceTimersByTimeAsync(1)
    expect(transport.uploads).toHaveLength(3)

    transport.uploads[2].respond(204, ok)
    await jest.advanceTimersByTimeAsync(0)
    expect(uploader.getTasks()[0]).toMatchObject({ status: 'done', attempt: 3 })
  })

  it('gives up after 3 automatic retries, then a manual retry starts a fresh run', async () => {
    const { uploader, transport, getCredentials } = setup()
    const [task] = uploader.add([file(1)])
    for (let i = 0; i < 4; i++) {
      await jest.advanceTimersByTimeAsync(10_000)
      transport.uploads[i].respond(502, {}, cosErrorXml('InternalError', 'Bad gateway'))
    }
    await jest.advanceTimersByTimeAsync(10_000)
    expect(transport.uploads).toHaveLength(4)
    expect(uploader.getTasks()[0]).toMatchObject({ status: 'error', attempt: 4 })
    expect(uploader.getTasks()[0].error!.diagnosis.code).toBe('server-error')

    uploader.retry(task.id)
    await jest.advanceTimersByTimeAsync(0)
    expect(transport.uploads).toHaveLength(5)
    expect(uploader.getTasks()[0]).toMatchObject({ status: 'uploading', attempt: 1 })
    expect(getCredentials).toHaveBeenCalledTimes(1)
  })

  it('never retries automatically: AccessDenied scope, SignatureDoesNotMatch, EntityTooLarge, a domain-list error', async () => {
    const { uploader, transport } = setup()
    uploader.add([1, 2, 3].map(file))
    await jest.advanceTimersByTimeAsync(0)
    transport.uploads[0].respond(403, {}, cosErrorXml('AccessDenied', 'Access Denied.'))
    transport.uploads[1].respond(403, {}, cosErrorXml('SignatureDoesNotMatch', 'The Signature you specified is invalid.'))
    transport.uploads[2].respond(400, {}, cosErrorXml('EntityTooLarge', "Condition key content-length-range doesn't match the value "))
    await jest.advanceTimersByTimeAsync(60_000)
    expect(transport.uploads).toHaveLength(3)
    expect(uploader.getTasks().map((t) => t.error?.code)).toEqual(['access-denied', 'signature-mismatch', 'entity-too-large'])
    // COS names no size; the diagnosis gives the size of the file that was sent.
    expect(uploader.getTasks()[2].error?.diagnosis.detail).toEqual({ size: file(3).size })
    expect(uploader.getTasks().every((t) => t.status === 'error' && t.attempt === 1)).toBe(true)
  })

  it('a manual retry after 403 AccessDenied fetches a new temporary key (its scope may have been widened), same key', async () => {
    const { uploader, transport, getCredentials } = setup()
    const [task] = uploader.add([file(1)])
    await jest.advanceTimersByTimeAsync(0)
    transport.uploads[0].respond(403, {}, cosErrorXml('AccessDenied', 'Access Denied.'))
    await jest.advanceTimersByTimeAsync(0)
    uploader.retry(task.id)
    await jest.advanceTimersByTimeAsync(0)
    expect(transport.uploads).toHaveLength(2)
    expect(transport.uploads[1].request.formData.key).toBe(task.key)
    expect(getCredentials).toHaveBeenCalledTimes(2)
    expect(transport.uploads[1].request.formData['q-ak']).toBe('AKIDtmp2')
    transport.uploads[1].respond(204, ok)
    await jest.advanceTimersByTimeAsync(0)
    expect(uploader.getTasks()[0].status).toBe('done')
  })

  it('a skewed device clock alone (the credentials valid on the server clock): adopts the server clock, re-signs once, no STS fetch', async () => {
    const { uploader, transport, getCredentials } = setup({ startTime: false })
    const [task] = uploader.add([file(1)])
    await jest.advanceTimersByTimeAsync(0)
    const local = `${NOW / 1000 - 1};${NOW / 1000 - 1 + 900}`
    expect(transport.uploads[0].request.formData['q-key-time']).toBe(local)
    // 20 minutes ahead: the credentials (expiring at NOW + 30 min) have 10 minutes left on the server's clock.
    const serverNow = NOW + 20 * 60_000
    const skewed = () => cosErrorXml('RequestTimeTooSkewed', "The difference between the request time and the server's time is too large.")
    transport.uploads[0].respond(403, { date: new Date(serverNow).toUTCString() }, skewed())
    await jest.advanceTimersByTimeAsync(0)

    expect(getCredentials).toHaveBeenCalledTimes(1)
    expect(transport.uploads).toHaveLength(2)
    const start = serverNow / 1000 - 1
    expect(transport.uploads[1].request.formData['q-key-time']).toBe(`${start};${start + 900}`)
    expect(transport.uploads[1].request.formData['q-ak']).toBe('AKIDtmp1')
    expect(uploader.getTasks()[0].attempt).toBe(2)

    // Only once per run: the same failure again is reported.
    transport.uploads[1].respond(403, { date: new Date(serverNow).toUTCString() }, skewed())
    await jest.advanceTimersByTimeAsync(60_000)
    expect(transport.uploads).toHaveLength(2)
    expect(uploader.getTasks()[0]).toMatchObject({ status: 'error', error: { diagnosis: { code: 'clock-skewed' } } })

    // A manual retry follows the same rule: still no fetch for valid credentials.
    uploader.retry(task.id)
    await jest.advanceTimersByTimeAsync(0)
    expect(transport.uploads).toHaveLength(3)
    expect(transport.uploads[2].request.formData['q-ak']).toBe('AKIDtmp1')
    expect(getCredentials).toHaveBeenCalledTimes(1)

    // The offset is kept for the whole uploader: a new file signs on the server clock at once.
    uploader.add([file(2)])
    await jest.advanceTimersByTimeAsync(0)
    expect(transport.uploads[3].request.formData['q-key-time']).toBe(`${start};${start + 900}`)
  })

  const serverKeyTime = (aheadSeconds: number) => `${NOW / 1000 + aheadSeconds - 1};${NOW / 1000 + aheadSeconds - 1 + 900}`
  it.each([
    ['expired', 31 * 60, false, serverKeyTime(31 * 60)],
    ['expired (signed with their startTime;expiredTime)', 31 * 60, true, `${NOW / 1000 - 5};${NOW / 1000 + 1800}`],
    ['within the 60 s refresh margin', 29 * 60 + 30, false, serverKeyTime(29 * 60 + 30)],
  ])('a clock failure with the credentials %s on the server clock: adopts the clock, fetches new ones, re-signs', async (_, aheadSeconds, startTime, keyTime) => {
    const { uploader, transport, getCredentials } = setup({ startTime })
    uploader.add([file(1)])
    await jest.advanceTimersByTimeAsync(0)
    const serverNow = NOW + aheadSeconds * 1000
    transport.uploads[0].respond(403, { date: new Date(serverNow).toUTCString() }, cosErrorXml('AccessDenied', 'Request has expired'))
    await jest.advanceTimersByTimeAsync(0)
    expect(getCredentials).toHaveBeenCalledTimes(2)
    expect(transport.uploads).toHaveLength(2)
    expect(transport.uploads[1].request.formData).toMatchObject({ 'q-ak': 'AKIDtmp2', 'q-key-time': keyTime })
  })

  it('"Request has expired" without a Date header fails with the diagnosis; manual retry refreshes credentials', async () => {
    const { uploader, transport, getCredentials } = setup()
    const [task] = uploader.add([file(1)])
    await jest.advanceTimersByTimeAsync(0)
    transport.uploads[0].respond(403, {}, cosErrorXml('AccessDenied', 'Request has expired'))
    await jest.advanceTimersByTimeAsync(60_000)
    expect(transport.uploads).toHaveLength(1)
    expect(uploader.getTasks()[0]).toMatchObject({ status: 'error', error: { diagnosis: { code: 'request-expired' } } })
    expect(getCredentials).toHaveBeenCalledTimes(1)

    uploader.retry(task.id)
    await jest.advanceTimersByTimeAsync(0)
    expect(getCredentials).toHaveBeenCalledTimes(2)
    expect(transport.uploads[1].request.formData['q-ak']).toBe('AKIDtmp2')
  })

  it('ExpiredToken: refreshes the temporary key and retries once', async () => {
    const { uploader, transport, getCredentials } = setup()
    uploader.add([file(1)])
    await jest.advanceTimersByTimeAsync(0)
    transport.uploads[0].respond(400, {}, cosErrorXml('ExpiredToken', 'The provided token has expired.'))
    await jest.advanceTimersByTimeAsync(0)
    expect(getCredentials).toHaveBeenCalledTimes(2)
    expect(transport.uploads[1].request.formData['x-cos-security-token']).toBe('token-2')
    transport.uploads[1].respond(204, ok)
    await jest.advanceTimersByTimeAsync(0)
    expect(uploader.getTasks()[0]).toMatchObject({ status: 'done', attempt: 2 })
  })

  it('while waiting to retry, the task says which retry of how many; the next attempt clears it', async () => {
    const { uploader, transport } = setup({ maxRetries: 2 })
    uploader.add([file(1)])
    await jest.advanceTimersByTimeAsync(0)
    transport.uploads[0].respond(503, {}, cosErrorXml('ServiceUnavailable', 'Please retry.'))
    await jest.advanceTimersByTimeAsync(0)
    expect(uploader.getTasks()[0]).toMatchObject({ status: 'queued', retrying: { retry: 1, of: 2 } })
    await jest.advanceTimersByTimeAsync(10_000)
    expect(uploader.getTasks()[0]).toMatchObject({ status: 'uploading', attempt: 2 })
    expect(uploader.getTasks()[0].retrying).toBeUndefined()
    transport.uploads[1].failNetwork()
    await jest.advanceTimersByTimeAsync(0)
    expect(uploader.getTasks()[0].retrying).toEqual({ retry: 2, of: 2 })
  })

  it('a transport that throws instead of returning a task: a network failure, retried, and no HEAD since nothing was sent', async () => {
    const { uploader, transport } = setup()
    const head = jest.fn()
    const uploadForm = transport.uploadForm
    let calls = 0
    Object.assign(transport, { head, uploadForm: (request: Parameters<typeof uploadForm>[0]) => {
      if (calls++ === 0) throw new Error('uploadFile:fail exceed max upload connection count 10')
      return uploadForm(request)
    } })
    uploader.add([file(1)])
    await jest.advanceTimersByTimeAsync(0)
    expect(uploader.getTasks()[0]).toMatchObject({ status: 'queued', error: { kind: 'network', retryable: true } })
    await jest.advanceTimersByTimeAsync(10_000)
    transport.uploads[0].respond(204, ok)
    await jest.advanceTimersByTimeAsync(0)
    expect(uploader.getTasks()[0]).toMatchObject({ status: 'done', attempt: 2 })
    expect(head).not.toHaveBeenCalled()
  })

  it.each([
    [{ timeout: 30_000, idleTimeout: 20_000 }, 20_000],
    [{ timeout: 15_000, idleTimeout: 20_000 }, 15_000],
    [{ timeout: 30_000 }, 30_000],
    [{}, undefined],
  ])('the HEAD after a lost answer is bounded by the shorter of the attempt bounds (%j: %s)', async (bounds, expected) => {
    const { uploader, transport } = setup({ ...bounds, maxRetries: 0 })
    const head = jest.fn(async (_request: HeadRequest) => ({ statusCode: 404, headers: {} }))
    Object.assign(transport, { head })
    uploader.add([file(1)])
    await jest.advanceTimersByTimeAsync(0)
    transport.uploads[0].failNetwork()
    await jest.advanceTimersByTimeAsync(0)
    expect(head).toHaveBeenCalledTimes(1)
    expect(head.mock.calls[0][0].timeout).toBe(expected)
    expect(uploader.getTasks()[0]).toMatchObject({ status: 'error', error: { kind: 'network' } })
  })

  it.each([
    ['ExpiredToken', 400, 'The provided token has expired.', 'expired-token'],
    ['InvalidAccessKeyId', 403, 'The access key Id you provided does not exist in our records.', 'invalid-access-key-id'],
  ])('a server-signed form answered %s: asks the server for a new form once, then reports it', async (code, status, message, diagnosed) => {
    let forms = 0
    const getPostPolicy = jest.fn(async (key: string) => ({ policy: 'cG9saWN5', 'q-ak': `AKIDsrv${++forms}`, key }))
    const { uploader, transport } = setup({ getCredentials: undefined, getPostPolicy })
    uploader.add([file(1)])
    await jest.advanceTimersByTimeAsync(0)
    transport.uploads[0].respond(status, {}, cosErrorXml(code, message))
    await jest.advanceTimersByTimeAsync(0)
    expect(transport.uploads.map((u) => u.request.formData['q-ak'])).toEqual(['AKIDsrv1', 'AKIDsrv2'])
    transport.uploads[1].respond(status, {}, cosErrorXml(code, message))
    await jest.advanceTimersByTimeAsync(60_000)
    expect(transport.uploads).toHaveLength(2)
    expect(uploader.getTasks()[0]).toMatchObject({ status: 'error', attempt: 2, error: { code: diagnosed } })
  })

  it('a getPostPolicy that fails with a network error keeps it: retried like any transient failure', async () => {
    const offline = new CosUploaderError('network', { code: 'network-error', message: { 'zh-CN': '网络错误', en: 'request:fail timeout' }, retryable: true })
    const getPostPolicy = jest.fn(async (key: string) => ({ policy: 'cG9saWN5', key }))
    getPostPolicy.mockRejectedValueOnce(offline)
    const { uploader, transport } = setup({ getCredentials: undefined, getPostPolicy })
    uploader.add([file(1)])
    await jest.advanceTimersByTimeAsync(0)
    expect(uploader.getTasks()[0]).toMatchObject({ status: 'queued', error: offline })
    await jest.advanceTimersByTimeAsync(10_000)
    expect(transport.uploads).toHaveLength(1)
  })

  it('a scope failure (AccessDenied) names the key and the CAM action to allow', async () => {
    const { uploader, transport } = setup()
    const [task] = uploader.add([file(1)])
    await jest.advanceTimersByTimeAsync(0)
    transport.uploads[0].respond(403, {}, cosErrorXml('AccessDenied', 'Access Denied.'))
    await jest.advanceTimersByTimeAsync(0)
    expect(uploader.getTasks()[0].error!.diagnosis).toMatchObject({ code: 'access-denied', detail: { action: 'name/cos:PostObject', key: task.key } })
  })

  it('"Request has expired" for a KeyTime that starts after the server clock: re-signed once, then diagnosed as not yet valid', async () => {
    // The STS server's clock is ahead: its startTime is 2 minutes after COS's Date.
    const { uploader, transport } = setup()
    uploader.add([file(1)])
    await jest.advanceTimersByTimeAsync(0)
    const date = { date: new Date(NOW - 125_000).toUTCString() }
    transport.uploads[0].respond(403, date, cosErrorXml('AccessDenied', 'Request has expired'))
    await jest.advanceTimersByTimeAsync(0)
    transport.uploads[1].respond(403, date, cosErrorXml('AccessDenied', 'Request has expired'))
    await jest.advanceTimersByTimeAsync(60_000)
    expect(uploader.getTasks()[0].error!.diagnosis).toMatchObject({ code: 'signature-not-yet-valid', detail: { aheadMs: 120_000 } })
  })

  it('cancel during the backoff wait: no further attempt', async () => {
    const { uploader, transport } = setup()
    const [task] = uploader.add([file(1)])
    await jest.advanceTimersByTimeAsync(0)
    transport.uploads[0].respond(503, {}, cosErrorXml('ServiceUnavailable', 'Please retry.'))
    await jest.advanceTimersByTimeAsync(0)
    uploader.cancel(task.id)
    await jest.advanceTimersByTimeAsync(60_000)
    expect(transport.uploads).toHaveLength(1)
    expect(uploader.getTasks()[0].status).toBe('canceled')
  })
})

describe('configure: what changes for the next files, and what a task in flight keeps', () => {
  const OTHER = 'otherbucket-1250000000'
  const shanghai = { bucket: OTHER, region: 'ap-shanghai' }

  it('a new location applies to files added after it; a task in flight keeps its bucket, retries included', async () => {
    jest.useFakeTimers()
    try {
      const { uploader, transport } = setup()
      uploader.add([file(1)])
      await jest.advanceTimersByTimeAsync(0)
      uploader.configure({ location: shanghai })
      transport.uploads[0].respond(503, {}, cosErrorXml('ServiceUnavailable', 'Please retry.'))
      await jest.advanceTimersByTimeAsync(10_000)
      uploader.add([file(2)])
      await jest.advanceTimersByTimeAsync(0)
      expect(transport.uploads.map((u) => [u.request.filePath, u.request.url])).toEqual([
        ['wxfile://tmp_1.jpg', `https://${BUCKET}.cos.ap-guangzhou.myqcloud.com/`],
        ['wxfile://tmp_1.jpg', `https://${BUCKET}.cos.ap-guangzhou.myqcloud.com/`],
        ['wxfile://tmp_2.jpg', `https://${OTHER}.cos.ap-shanghai.myqcloud.com/`],
      ])
      expect(policyOf(transport.uploads[2].request.formData).conditions).toContainEqual({ bucket: OTHER })
    } finally {
      jest.useRealTimers()
    }
  })

  it('a change that leaves where files go alone keeps the credentials: no second STS fetch', async () => {
    const { uploader, transport, getCredentials } = setup()
    uploader.add([file(1)])
    await settle()
    uploader.configure({ prefix: 'albums/', successActionStatus: undefined, timeout: 30_000 })
    const [task] = uploader.add([file(2)])
    await settle()
    expect(task.key).toMatch(/^albums\//)
    expect(transport.uploads[1].request).toMatchObject({ timeout: 30_000, formData: { key: task.key, 'q-ak': 'AKIDtmp1' } })
    expect(getCredentials).toHaveBeenCalledTimes(1)
  })

  it('a new getCredentials signs the next files with its keys', async () => {
    const { uploader, transport } = setup()
    uploader.configure({ getCredentials: async () => sts(9) })
    uploader.add([file(1)])
    await settle()
    expect(transport.uploads[0].request.formData).toMatchObject({ 'q-ak': 'AKIDtmp9', 'x-cos-security-token': 'token-9' })
  })

  it('a higher concurrency starts waiting tasks at once', async () => {
    const { uploader, transport } = setup({ concurrency: 1 })
    uploader.add([1, 2, 3, 4].map(file))
    await settle()
    expect(transport.pending()).toHaveLength(1)
    uploader.configure({ concurrency: 3 })
    await settle()
    expect(transport.pending()).toHaveLength(3)
  })

  it.each([
    ['concurrency 0', { concurrency: 0 }],
    ['a fractional concurrency', { concurrency: 1.5 }],
    ['negative maxRetries', { maxRetries: -1 }],
    ['an invalid bucket', { location: { bucket: 'nobucket', region: 'ap-guangzhou' } }],
    ['both signing modes', { getPostPolicy: async () => ({}) }],
  ])('refuses %s with InvalidInputError and keeps the old options', async (_, patch) => {
    const { uploader, transport } = setup({ concurrency: 2 })
    expect(() => uploader.configure(patch as Partial<UploaderOptions>)).toThrow(InvalidInputError)
    uploader.add([1, 2, 3].map(file))
    await settle()
    expect(transport.pending().map((u) => u.request.url)).toEqual([1, 2].map(() => `https://${BUCKET}.cos.ap-guangzhou.myqcloud.com/`))
  })
})

describe('objectUrl: GET URLs for uploaded objects', () => {
  const hmac = (key: string, text: string) => createHmac('sha1', key).update(text).digest('hex')
  const sha1 = (text: string) => createHash('sha1').update(text).digest('hex')
  /** The signed URL's window, and whether its signature is the documented one (doc 436/7778) for `secretKey`. */
  function checkSigned(url: string, secretKey: string) {
    const [base, query] = url.split('?')
    const params = new URLSearchParams(query)
    const keyTime = params.get('q-key-time')!
    const { host, pathname } = new URL(base)
    const stringToSign = `sha1\n${keyTime}\n${sha1(`get\n${decodeURIComponent(pathname)}\n\nhost=${host}\n`)}\n`
    const [start, end] = keyTime.split(';').map(Number)
    return { start, end, ak: params.get('q-ak'), token: params.get('x-cos-security-token'), valid: params.get('q-signature') === hmac(hmac(secretKey, keyTime), stringToSign) }
  }

  it('after a skew was learned, signs on the server clock: valid there; expiresAt is on the device clock', async () => {
    const { uploader, transport, getCredentials } = setup({ startTime: false })
    const [task] = uploader.add([file(1)])
    await settle()
    const serverNow = NOW + 20 * 60_000
    transport.uploads[0].respond(403, { date: new Date(serverNow).toUTCString() }, cosErrorXml('RequestTimeTooSkewed', 'skewed'))
    await settle()

    const { url, expiresAt } = await uploader.objectUrl(task.key)
    expect(url.startsWith(`https://${BUCKET}.cos.ap-guangzhou.myqcloud.com/${task.key}?`)).toBe(true)
    const signed = checkSigned(url, 'tmpSecretKey1')
    expect(signed).toEqual({ start: serverNow / 1000 - 1, end: serverNow / 1000 - 1 + 900, ak: 'AKIDtmp1', token: 'token-1', valid: true })
    // The token ends first: the credentials (NOW + 30 min on the server) have 10 minutes left there.
    expect(expiresAt).toBe(NOW + 10 * 60_000)
    expect(getCredentials).toHaveBeenCalledTimes(1)
  })

  it('credentials that the learned server clock says have expired are not used: new ones are fetched', async () => {
    let clock = NOW
    let fetches = 0
    // The server's clock runs 20 min ahead. No startTime: expiredTime (30 min after issue, on the server's clock) is
    // all the cache has to go on, and read as device time it looks 20 min later than it is.
    const serverMs = () => clock + 20 * 60_000
    const getCredentials = jest.fn(async () => ({ credentials: { tmpSecretId: `AKIDtmp${++fetches}`, tmpSecretKey: `tmpSecretKey${fetches}`,
      sessionToken: `token-${fetches}` }, expiredTime: serverMs() / 1000 + 1800 }))
    const { uploader, transport } = setup({ getCredentials, now: () => clock })
    const [task] = uploader.add([file(1)])
    await settle()
    transport.uploads[0].respond(403, { date: new Date(serverMs()).toUTCString() }, cosErrorXml('RequestTimeTooSkewed', 'skewed'))
    await settle()
    expect(getCredentials).toHaveBeenCalledTimes(1)

    clock = NOW + 31 * 60_000 // the server says NOW + 51 min: the first credentials ended there a minute ago
    const { url, expiresAt } = await uploader.objectUrl(task.key)
    expect(getCredentials).toHaveBeenCalledTimes(2)
    expect(checkSigned(url, 'tmpSecretKey2')).toMatchObject({ ak: 'AKIDtmp2', token: 'token-2', valid: true })
    expect(expiresAt!).toBeGreaterThan(clock)
  })

  it('expiresIn sets the window, never past the token', async () => {
    const { uploader } = setup({ startTime: false })
    const short = await uploader.objectUrl('uploads/a.jpg', { expiresIn: 60 })
    expect(checkSigned(short.url, 'tmpSecretKey1')).toMatchObject({ start: NOW / 1000 - 1, end: NOW / 1000 + 59, valid: true })
    expect(short.expiresAt).toBe(NOW + 59_000)
    // The credentials expire at NOW + 30 min: so does a URL asked for an hour.
    expect((await uploader.objectUrl('uploads/a.jpg', { expiresIn: 3600 })).expiresAt).toBe(NOW + 1800_000)
  })

  it('asked again once expired: a new window and, when the credentials are due, new credentials', async () => {
    let clock = NOW
    let fetches = 0
    const getCredentials = jest.fn(async () => {
      const startTime = clock / 1000
      return { credentials: { tmpSecretId: `AKIDtmp${++fetches}`, tmpSecretKey: `tmpSecretKey${fetches}`, sessionToken: `token-${fetches}` }, startTime, expiredTime: startTime + 1800 }
    })
    const { uploader } = setup({ getCredentials, now: () => clock })
    const first = await uploader.objectUrl('uploads/a.jpg')
    expect(checkSigned(first.url, 'tmpSecretKey1')).toMatchObject({ start: NOW / 1000, end: NOW / 1000 + 1800, valid: true })
    expect(first.expiresAt).toBe(NOW + 1800_000)
    expect((await uploader.objectUrl('uploads/a.jpg')).url).toBe(first.url)

    clock = first.expiresAt! - 30_000
    const second = await uploader.objectUrl('uploads/a.jpg')
    expect(checkSigned(second.url, 'tmpSecretKey2')).toMatchObject({ start: clock / 1000, end: clock / 1000 + 1800, ak: 'AKIDtmp2', token: 'token-2', valid: true })
    expect(second.expiresAt).toBe(clock + 1800_000)
    expect(getCredentials).toHaveBeenCalledTimes(2)
  })

  it('server-signed policy: the plain URL, with no expiry; an invalid key is refused', async () => {
    const { uploader } = setup({ getCredentials: undefined, getPostPolicy: async () => ({}) })
    await expect(uploader.objectUrl('uploads/a b.jpg')).resolves.toEqual({ url: `https://${BUCKET}.cos.ap-guangzhou.myqcloud.com/uploads/a%20b.jpg` })
    await expect(uploader.objectUrl('/a.jpg')).rejects.toMatchObject({ code: 'invalid-key' })
  })
})
