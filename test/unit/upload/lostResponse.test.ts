// The lost-answer check on its own: which failures may have landed, and what a HEAD answer proves.
import { CosUploaderError } from '../../../src/lib/core/errors'
import { diagnosis } from '../../../src/lib/core/diagnosisText'
import { errorFromResponse } from '../../../src/lib/core/parseCosError'
import type { FormTransport, HeadResponse } from '../../../src/lib/core/transport'
import { answerMayBeLost, storedUpload } from '../../../src/lib/core/upload/lostResponse'

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
  it('only a network failure after the whole body was sent may have landed', () => {
    expect(answerMayBeLost(network, true)).toBe(true)
    expect(answerMayBeLost(network, false)).toBe(false)
    expect(answerMayBeLost(new CosUploaderError('canceled', diagnosis('canceled')), true)).toBe(false)
    expect(answerMayBeLost(errorFromResponse({ statusCode: 503, data: '' }), true)).toBe(false)
  })
})

describe('storedUpload', () => {
  it('a 2xx HEAD with the file size: the item, with the ETag from HEAD, asked with the signed URL and timeout', async () => {
    const { transport, calls } = headTransport(async () => ({ statusCode: 200, headers: { 'content-length': '1234', etag: '"abc"' } }))
    await expect(storedUpload(transport, signedUrl, item, 5000)).resolves.toEqual({ ...item, etag: '"abc"' })
    expect(calls).toEqual([{ url: item.url + '?q-sign-algorithm=sha1', timeout: 5000 }])
  })

  it('without an ETag header the item has none', async () => {
    const { transport } = headTransport(async () => ({ statusCode: 200, headers: { 'content-length': '1234' } }))
    await expect(storedUpload(transport, signedUrl, item)).resolves.toEqual(item)
  })

  it.each([
    ['another size (an older object at the key)', { statusCode: 200, headers: { 'content-length': '99' } }],
    ['no Content-Length', { statusCode: 200, headers: {} }],
    ['404: not stored', { statusCode: 404, headers: {} }],
    ['403: HEAD outside the scope', { statusCode: 403, headers: {} }],
    ['503', { statusCode: 503, headers: { 'content-length': '1234' } }],
  ])('%s: undefined, so the upload is retried', async (_, answer) => {
    const { transport } = headTransport(async () => answer)
    await expect(storedUpload(transport, signedUrl, item)).resolves.toBeUndefined()
  })

  it('a failed HEAD or signing: undefined', async () => {
    const failing = headTransport(() => Promise.reject(new CosUploaderError('network', diagnosis('network-error'))))
    await expect(storedUpload(failing.transport, signedUrl, item)).resolves.toBeUndefined()
    const ok = headTransport(async () => ({ statusCode: 200, headers: { 'content-length': '1234' } }))
    await expect(storedUpload(ok.transport, () => Promise.reject(new Error('STS down')), item)).resolves.toBeUndefined()
    expect(ok.calls).toEqual([])
  })

  it('no head() on the transport, or no signed URL (server-signed policy): no request, undefined', async () => {
    const headUrl = jest.fn(signedUrl)
    await expect(storedUpload({ uploadForm: () => { throw new Error('not used') } }, headUrl, item)).resolves.toBeUndefined()
    expect(headUrl).not.toHaveBeenCalled()
    const { transport, calls } = headTransport(async () => ({ statusCode: 200, headers: { 'content-length': '1234' } }))
    await expect(storedUpload(transport, async () => undefined, item)).resolves.toBeUndefined()
    expect(calls).toEqual([])
  })
})
