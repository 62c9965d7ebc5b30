// Fuzz: malformed XML error bodies. Whatever a server or a proxy answers, the library reports a CosServiceError
// with the status, a Code string and a diagnosis in zh-CN and en; never a crash, never a hang.
import { CosServiceError } from '../../../src/lib/core/errors'
import { errorFromResponse, parseCosError } from '../../../src/lib/core/diagnose'
import { type FormTransport } from '../../../src/lib/core/transport'
import { createUploader } from '../../../src/lib/core/upload/engine'
import { settled } from '../../support/settled'
import { fuzzRandom, garbageString, garbageValue, pick, within, type Random } from './garbage'

const VALID = '<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n  <Code>AccessDenied</Code>\n  <Message>Request has expired</Message>\n' +
  '  <Resource>examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com/</Resource>\n  <RequestId>NjQ2ZDk0YjRfOTBmYTUwXzJkY2Y=</RequestId>\n' +
  '  <TraceId>OGVmYzZiMmQzYjA2OWNhODk0NTRkMTBiOWVmMDAxODc=</TraceId>\n</Error>'

const PIECES = ['<Error>', '</Error>', '<Code>', '</Code>', '<Message>', '</Message>', '<RequestId>', '<![CDATA[', ']]>',
  '&amp;', '&lt;', '&#x1F600;', '&#xFFFFFFFF;', '&#0;', '&#99999999999;', '&bogus;', '<', '>', '/>', '<Code/>', '<a b="c">',
  '<?xml version="1.0"?>', '<!-- -->', '\u0000', '\ud800', '<Error xmlns="x">']

function garbageBody(random: Random): unknown {
  return pick(random, [
    () => VALID.slice(0, Math.floor(random() * VALID.length)),
    () => VALID.slice(Math.floor(random() * VALID.length)),
    () => Array.from({ length: Math.floor(random() * 40) }, () => pick(random, [...PIECES, garbageString(random, 12)])).join(''),
    () => VALID.replace('AccessDenied', garbageString(random, 20)).replace('Request has expired', garbageString(random, 200)),
    () => '<html><body>502 Bad Gateway</body></html>',
    () => pick(random, ['<Code>', '<Error>', '<Error><a>'])!.repeat(50_000 + Math.floor(random() * 100_000)),
    () => garbageValue(random),
  ])()
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

describe('fuzz: COS error bodies', () => {
  const random = fuzzRandom(5)
  const bodies = Array.from({ length: 2000 }, () => garbageBody(random))

  it('errorFromResponse always gives a diagnosed CosServiceError with the status', () => {
    for (const data of bodies) {
      const statusCode = 300 + Math.floor(random() * 300)
      const headers = pick<Record<string, string>>(random, [{}, { date: garbageString(random, 30), 'x-cos-request-id': 'req-from-header' },
        { Date: 'Sun, 22 Nov 2026 08:00:00 GMT' }])
      let error: unknown
      try {
        error = errorFromResponse({ statusCode, headers, data }, { nowMs: Date.parse('2026-11-22T08:00:00Z'), key: 'uploads/a.jpg' })
      } catch (thrown) {
        throw new Error(`threw ${String(thrown)} for ${JSON.stringify(String(data).slice(0, 200))}`)
      }
      expect(error).toBeInstanceOf(CosServiceError)
      const cosError = error as CosServiceError
      expect(cosError.statusCode).toBe(statusCode)
      expect(typeof cosError.cos.Code).toBe('string')
      expect(cosError.code).toMatch(/^[a-z-]+$/)
      expect(cosError.describe('en')).toBeTruthy()
      expect(cosError.describe('zh-CN')).toBeTruthy()
      if (!/<RequestId>/.test(String(data)) && 'x-cos-request-id' in headers) expect(cosError.requestId).toBe('req-from-header')
    }
  })

  it('a well-formed body round-trips any text in Code, Message and RequestId', () => {
    for (let i = 0; i < 1000; i++) {
      const [Code, Message, RequestId] = [garbageString(random, 20) || 'X', garbageString(random, 200), garbageString(random, 40)]
      const xml = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${escapeXml(Code)}</Code><Message>${escapeXml(Message)}</Message>` +
        `<RequestId>${escapeXml(RequestId)}</RequestId></Error>`
      expect(parseCosError(xml)).toEqual({ Code, Message, RequestId })
    }
  })

  it('through the uploader: a garbage answer ends the task with a CosServiceError, within 2 s', async () => {
    let next: { statusCode: number; data: unknown } = { statusCode: 500, data: '' }
    // The host boundary: uploadFile resolves with whatever the server sent.
    const transport: FormTransport = {
      uploadForm: () => ({
        onProgress: () => undefined, abort: () => undefined,
        response: Promise.resolve({ statusCode: next.statusCode, headers: {}, data: next.data as string }),
      }),
    }
    const getCredentials = async () => ({
      credentials: { tmpSecretId: 'AKIDtmpEXAMPLE', tmpSecretKey: 'secret', sessionToken: 'token' }, expiredTime: Math.floor(Date.now() / 1000) + 1800,
    })
    for (const data of bodies.slice(0, 200)) {
      next = { statusCode: 400 + Math.floor(random() * 200), data }
      const uploader = createUploader({
        location: { bucket: 'examplebucket-1250000000', region: 'ap-guangzhou' }, transport, getCredentials, maxRetries: 0,
      })
      uploader.add([{ path: 'wxfile://tmp/a.jpg', size: 10 }])
      const [task] = await within(settled(uploader, ['done', 'error']), 2000)
      expect(task.status).toBe('error')
      expect(task.error).toBeInstanceOf(CosServiceError)
      expect((task.error as CosServiceError).statusCode).toBe(next.statusCode)
      uploader.destroy()
    }
  })
})
