// The lost-answer check: which failures may have landed, what a HEAD answer proves, and the engine asking on the
// failure itself (a host may send no progress events, so "all sent" can't be told from them).
import { createHash, createHmac } from 'node:crypto'
import { CosUploaderError } from '../../../src/lib/core/errors'
import { diagnosis } from '../../../src/lib/core/messages'
import { errorFromResponse } from '../../../src/lib/core/diagnose'
import { abortSignal, type AbortSignalLike, type FormTransport, type HeadRequest, type HeadResponse } from '../../../src/lib/core/transport'
import { createUploader } from '../../../src/lib/core/upload/engine'
import { answerMayBeLost, attemptMarker, storedUpload } from '../../../src/lib/core/upload/answer'
import { cosErrorXml, createScriptedTransport, settle } from './scriptedTransport'

const NOW = Date.parse('2026-03-01T08:00:00Z')
const item = { key: 'uploads/a.jpg', url: 'https://b-1250000000.cos.ap-guangzhou.myqcloud.com/uploads/a.jpg', size: 1234 }
const signedUrl = async () => item.url + '?q-sign-algorithm=sha1'

function headTransport(answer: () => Promise<HeadResponse>) {
  const calls: Array<{ url: string; timeout?: number }> = []
  const transport: FormTransport = {
    uploadForm: () => { throw new Error('not used') },
    head: (request) => { calls.push(request); return answer() },
  }
  return { transport, calls }
}

describe('answerMayBeLost', () => {
  const network = new CosUploaderError('network', diagnosis('network-error', { reason: 'ECONNRESET' }))
  it('only a network failure once the request was handed to the transport may have landed', () => {
    expect(answerMayBeLost(network, true)).toBe(true)
    expect(answerMayBeLost(network, false)).toBe(false)
    expect(answerMayBeLost(new CosUploaderError('canceled', diagnosis('canceled')), true)).toBe(false)
    expect(answerMayBeLost(errorFromResponse({ statusCode: 503, data: '' }), true)).toBe(false)
  })
})

describe('storedUpload', () => {
  const marker = 'mq1x2y3z0123456789ab'
  const check = { marker, headUrl: signedUrl }
  const ours = { 'content-length': '1234', etag: '"abc"', 'x-cos-meta-attempt': marker }

  it('a 2xx HEAD with the file size and this attempt\'s marker: the item, with the ETag from HEAD, asked with the signed URL and timeout', async () => {
    const { transport, calls } = headTransport(async () => ({ statusCode: 200, headers: ours }))
    await expect(storedUpload(transport, check, item, { timeout: 5000 })).resolves.toEqual({ ...item, etag: '"abc"' })
    expect(calls).toEqual([{ url: item.url + '?q-sign-algorithm=sha1', timeout: 5000 }])
  })

  it('without an ETag header the item has none', async () => {
    const { transport } = headTransport(async () => ({ statusCode: 200, headers: { 'content-length': '1234', 'x-cos-meta-attempt': marker } }))
    await expect(storedUpload(transport, check, item)).resolves.toEqual(item)
  })

  it.each([
    ['the same size, another attempt\'s marker (an older object at the key)', { statusCode: 200, headers: { ...ours, 'x-cos-meta-attempt': 'mq1x2y3z0123456789ac' } }],
    ['the same size, no marker (an object uploaded otherwise, or the header not exposed by CORS)', { statusCode: 200, headers: { 'content-length': '1234', etag: '"abc"' } }],
    ['this marker, another size', { statusCode: 200, headers: { ...ours, 'content-length': '99' } }],
    ['no Content-Length', { statusCode: 200, headers: { 'x-cos-meta-attempt': marker } }],
    ['404: not stored', { statusCode: 404, headers: {} }],
    ['403: HEAD outside the scope', { statusCode: 403, headers: {} }],
    ['503', { statusCode: 503, headers: ours }],
  ])('%s: undefined, so the upload is retried', async (_, answer) => {
    const { transport } = headTransport(async () => answer)
    await expect(storedUpload(transport, check, item)).resolves.toBeUndefined()
  })

  it('a failed HEAD or signing: undefined', async () => {
    const failing = headTransport(() => Promise.reject(new CosUploaderError('network', diagnosis('network-error'))))
    await expect(storedUpload(failing.transport, check, item)).resolves.toBeUndefined()
    const ok = headTransport(async () => ({ statusCode: 200, headers: ours }))
    await expect(storedUpload(ok.transport, { marker, headUrl: () => Promise.reject(new Error('STS down')) }, item)).resolves.toBeUndefined()
    expect(ok.calls).toEqual([])
  })

  it('a cancel while the HEAD URL is being signed: no request, undefined', async () => {
    const { transport, calls } = headTransport(async () => ({ statusCode: 200, headers: ours }))
    const cancel = abortSignal()
    const headUrl = async () => { cancel.abort(); return signedUrl() }
    await expect(storedUpload(transport, { marker, headUrl }, item, { signal: cancel.signal })).resolves.toBeUndefined()
    expect(calls).toEqual([])
  })

  it('no head() on the transport, no HEAD URL (a server-signed form without one) or no marker in the form: no request, undefined', async () => {
    const headUrl = jest.fn(signedUrl)
    await expect(storedUpload({ uploadForm: () => { throw new Error('not used') } }, { marker, headUrl }, item)).resolves.toBeUndefined()
    const { transport, calls } = headTransport(async () => ({ statusCode: 200, headers: ours }))
    await expect(storedUpload(transport, { marker: undefined, headUrl }, item)).resolves.toBeUndefined()
    expect(headUrl).not.toHaveBeenCalled()
    await expect(storedUpload(transport, { marker, headUrl: async () => undefined }, item)).resolves.toBeUndefined()
    expect(calls).toEqual([])
  })
})

describe('attemptMarker', () => {
  it('never repeats, also with the same clock, and fits a header value', () => {
    const markers = Array.from({ length: 2000 }, () => attemptMarker(NOW))
    expect(new Set(markers).size).toBe(markers.length)
    markers.forEach((marker) => expect(marker).toMatch(/^[0-9a-z]{20}$/))
  })
})

describe('the engine asks HEAD on the failure, not on progress', () => {
  const BASE = 'https://examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com/'
  const sts = { credentials: { tmpSecretId: 'AKIDtmp1', tmpSecretKey: 'key1', sessionToken: 'token-1' }, startTime: NOW / 1000, expiredTime: NOW / 1000 + 1800 }

  /** HEAD answers the object as stored by the last upload sent (its marker), or by another attempt. */
  function engine(getCredentials: () => Promise<unknown> = async () => sts, storedBy: 'this attempt' | 'another' = 'this attempt') {
    const scripted = createScriptedTransport()
    const head = jest.fn(async (_request: { url: string }) => {
      const marker = scripted.uploads[scripted.uploads.length - 1].request.formData['x-cos-meta-attempt']
      const stored = storedBy === 'this attempt' ? marker : 'zz' + marker.slice(2)
      return { statusCode: 200, headers: { 'content-length': '1001', etag: '"e"', 'x-cos-meta-attempt': stored } }
    })
    const transport = Object.assign(scripted, { head })
    const uploader = createUploader({
      location: { bucket: 'examplebucket-1250000000', region: 'ap-guangzhou' }, transport, getCredentials,
      keyOf: () => 'uploads/a.jpg', now: () => NOW, maxRetries: 0,
    })
    uploader.add([{ path: 'wxfile://tmp_1.jpg', size: 1001, type: 'image/jpeg' }])
    return { uploader, transport, head }
  }

  it('a reset on a host that sent no progress event: a signed HEAD finds the file, done at the first attempt', async () => {
    const { uploader, transport, head } = engine()
    await settle()
    expect(uploader.getTasks()[0]).toMatchObject({ status: 'uploading', percent: 0 })
    transport.uploads[0].failNetwork('uploadFile:fail socket closed')
    await settle()
    expect(head).toHaveBeenCalledTimes(1)
    expect(head.mock.calls[0][0].url).toMatch(new RegExp(`^${BASE}uploads/a\\.jpg\\?q-sign-algorithm=sha1&q-ak=AKIDtmp1&`))
    expect(uploader.getTasks()[0]).toMatchObject({ status: 'done', attempt: 1, result: { key: 'uploads/a.jpg', size: 1001, etag: '"e"' } })
    expect(transport.uploads).toHaveLength(1)
  })

  it('the HEAD URL is signed for HEAD (doc 436/7778) with the session key, and carries its token', async () => {
    const { transport, head } = engine()
    await settle()
    transport.uploads[0].failNetwork()
    await settle()
    const url = new URL(head.mock.calls[0][0].url)
    const keyTime = url.searchParams.get('q-key-time')!
    const hmac = (key: string, text: string) => createHmac('sha1', key).update(text).digest('hex')
    const httpString = `head\n/uploads/a.jpg\n\nhost=${url.host}\n`
    const stringToSign = `sha1\n${keyTime}\n${createHash('sha1').update(httpString).digest('hex')}\n`
    expect(keyTime).toBe(`${NOW / 1000};${NOW / 1000 + 1800}`)
    expect(url.searchParams.get('q-signature')).toBe(hmac(hmac('key1', keyTime), stringToSign))
    expect(url.searchParams.get('x-cos-security-token')).toBe('token-1')
  })

  it('every attempt signs a marker of its own into the policy and the form', async () => {
    const { uploader, transport } = engine(async () => sts, 'another')
    await settle()
    transport.uploads[0].failNetwork()
    await settle()
    uploader.retry(uploader.getTasks()[0].id)
    await settle()
    const markers = transport.uploads.map(({ request }) => request.formData['x-cos-meta-attempt'])
    expect(markers).toHaveLength(2)
    expect(markers[0]).not.toBe(markers[1])
    transport.uploads.forEach(({ request }, i) => {
      const policy = JSON.parse(Buffer.from(request.formData.policy, 'base64').toString('utf8'))
      expect(policy.conditions).toContainEqual({ 'x-cos-meta-attempt': markers[i] })
    })
  })

  it('a HEAD that finds the same size stored by another attempt: not done, the failure stands', async () => {
    const { uploader, transport, head } = engine(async () => sts, 'another')
    await settle()
    transport.uploads[0].failNetwork('uploadFile:fail socket closed')
    await settle()
    expect(head).toHaveBeenCalledTimes(1)
    expect(uploader.getTasks()[0]).toMatchObject({ status: 'error', error: { kind: 'network' } })
  })

  it('cancel during the HEAD aborts it through its signal; the task ends canceled, never done', async () => {
    const scripted = createScriptedTransport()
    const heads: Array<{ signal?: AbortSignalLike; answer(): void }> = []
    const head = (request: HeadRequest) => new Promise<HeadResponse>((resolve) => {
      const marker = scripted.uploads[0].request.formData['x-cos-meta-attempt']
      heads.push({ signal: request.signal, answer: () => resolve({ statusCode: 200, headers: { 'content-length': '1001', 'x-cos-meta-attempt': marker } }) })
    })
    const uploader = createUploader({
      location: { bucket: 'examplebucket-1250000000', region: 'ap-guangzhou' }, transport: Object.assign(scripted, { head }),
      getCredentials: async () => sts, keyOf: () => 'uploads/a.jpg', now: () => NOW,
    })
    const [task] = uploader.add([{ path: 'wxfile://tmp_1.jpg', size: 1001, type: 'image/jpeg' }])
    await settle()
    scripted.uploads[0].failNetwork()
    await settle()
    expect(heads).toHaveLength(1)
    expect(heads[0].signal?.aborted).toBe(false)
    uploader.cancel(task.id)
    expect(heads[0].signal?.aborted).toBe(true)
    // A HEAD answer that still arrives (a transport that ignores the signal) changes nothing.
    heads[0].answer()
    await settle()
    expect(uploader.getTasks()[0].status).toBe('canceled')
  })

  it('a network failure before the request reached the transport (here fetching credentials): no HEAD', async () => {
    const { uploader, transport, head } = engine(() => Promise.reject(new CosUploaderError('network', diagnosis('network-error'))))
    await settle()
    expect(uploader.getTasks()[0]).toMatchObject({ status: 'error', error: { kind: 'network' } })
    expect(transport.uploads).toHaveLength(0)
    expect(head).not.toHaveBeenCalled()
  })

  it('a third-party transport rejecting with a plain Error is a network failure: answer maybe lost, checked, retried', async () => {
    const head = jest.fn(async () => ({ statusCode: 404, headers: {} }))
    const attempts: string[] = []
    const transport = {
      head,
      uploadForm: () => {
        attempts.push('sent')
        return { onProgress() {}, abort() {}, response: Promise.reject(new Error('socket hang up')) }
      },
    }
    const uploader = createUploader({
      location: { bucket: 'examplebucket-1250000000', region: 'ap-guangzhou' }, transport, getCredentials: async () => sts,
      keyOf: () => 'uploads/a.jpg', now: () => NOW, maxRetries: 1, random: () => 0,
    })
    uploader.add([{ path: 'wxfile://tmp_1.jpg', size: 1001, type: 'image/jpeg' }])
    for (let i = 0; i < 5 && uploader.getTasks()[0].status !== 'error'; i++) await new Promise((resolve) => setTimeout(resolve, 10))
    const [task] = uploader.getTasks()
    expect(task).toMatchObject({ status: 'error', attempt: 2, error: { kind: 'network', retryable: true } })
    expect(task.error!.diagnosis.detail).toEqual({ reason: 'Error: socket hang up' })
    expect(attempts).toEqual(['sent', 'sent'])
    expect(head).toHaveBeenCalledTimes(2)
  })

  it('an HTTP answer (a 503) is not lost: no HEAD', async () => {
    const { uploader, transport, head } = engine()
    await settle()
    transport.uploads[0].progress(1001, 1001)
    transport.uploads[0].respond(503, {}, cosErrorXml('ServiceUnavailable', 'Please retry.'))
    await settle()
    expect(uploader.getTasks()[0]).toMatchObject({ status: 'error', error: { statusCode: 503 } })
    expect(head).not.toHaveBeenCalled()
  })
})
