// Fuzz: object keys with control characters, lone surrogates, more than 850 bytes or a leading '/' get a typed
// InvalidInputError before any network call; every other key is accepted.
import { InvalidInputError } from '../../../src/lib/core/errors'
import { validateObjectKey } from '../../../src/lib/core/url'
import { createUploader } from '../../../src/lib/core/upload/engine'
import { type FormTransport } from '../../../src/lib/core/transport'
import { fuzzRandom, garbageString, garbageValue, pick } from './garbage'

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/

/** COS's key rules, stated independently of the library: why `key` is refused, or undefined. */
function refusal(key: string): string | undefined {
  if (key === '') return 'empty'
  if (key.startsWith('/')) return 'leading slash'
  if (CONTROL.test(key)) return 'control character'
  if (LONE_SURROGATE.test(key)) return 'lone surrogate'
  if (Buffer.byteLength(key, 'utf8') > 850) return 'too long'
  return undefined
}

function keys(count: number): string[] {
  const random = fuzzRandom(1)
  const edges = [
    'a'.repeat(850), 'a'.repeat(851), '猫'.repeat(283) + 'a', '猫'.repeat(284), '\ud83d\ude00'.repeat(212) + 'ab',
    '\ud83d\ude00'.repeat(213), '/uploads/a.jpg', 'uploads/\u0000.jpg', 'uploads/a\ud800.jpg', '\udc00', 'a\ud83d',
    'uploads/a b+c%2F.jpg', 'uploads//double', '.', '..', '~', 'uploads/\u007f',
  ]
  const generated = Array.from({ length: count }, () => {
    const body = garbageString(random, pick(random, [16, 64, 400]))
    return pick(random, [body, 'uploads/' + body, body + '猫'.repeat(Math.floor(random() * 300)), '/' + body])
  })
  return [...edges, ...generated]
}

describe('fuzz: object keys', () => {
  const all = keys(3000)

  it('the generator covers every refusal reason and plenty of valid keys', () => {
    const reasons = new Set(all.map(refusal))
    expect(reasons).toEqual(new Set([undefined, 'empty', 'leading slash', 'control character', 'lone surrogate', 'too long']))
    expect(all.filter((key) => !refusal(key)).length).toBeGreaterThan(300)
  })

  it('validateObjectKey accepts exactly the valid keys and refuses the rest with a typed, diagnosed error', () => {
    for (const key of all) {
      const expected = refusal(key)
      let thrown: unknown
      try {
        validateObjectKey(key)
      } catch (error) {
        thrown = error
      }
      if (!expected) {
        expect({ key, thrown }).toEqual({ key, thrown: undefined })
        continue
      }
      expect(thrown).toBeInstanceOf(InvalidInputError)
      const error = thrown as InvalidInputError
      expect(error.code).toBe('invalid-key')
      expect(error.diagnosis.message['zh-CN']).toBeTruthy()
      // Several reasons may apply; the one given is one of them.
      expect(['empty', 'leading slash', 'control character', 'lone surrogate', 'too long']).toContain(error.diagnosis.detail?.reason)
    }
  })

  it('through the uploader: a bad key (or a key that is not a string) fails its task at add(), nothing is fetched or sent', () => {
    const random = fuzzRandom(2)
    const sent: unknown[] = []
    const transport: FormTransport = { uploadForm: (request) => { sent.push(request); throw new Error('must not be called') } }
    const getCredentials = jest.fn(async () => ({}))
    const candidates: unknown[] = [...all.slice(0, 600), ...Array.from({ length: 200 }, () => garbageValue(random))]
    for (const key of candidates) {
      const uploader = createUploader({
        location: { bucket: 'examplebucket-1250000000', region: 'ap-guangzhou' }, transport, getCredentials,
        keyOf: () => key as string,
      })
      const [task] = uploader.add([{ path: 'wxfile://tmp/a.jpg', size: 10 }], { start: false })
      const valid = typeof key === 'string' && !refusal(key)
      if (valid) {
        expect(task).toMatchObject({ status: 'queued', key })
      } else {
        expect(task.status).toBe('error')
        expect(task.error).toBeInstanceOf(InvalidInputError)
        expect(task.error!.code).toBe('invalid-key')
      }
      uploader.destroy()
    }
    expect(sent).toEqual([])
    expect(getCredentials).not.toHaveBeenCalled()
  })
})
