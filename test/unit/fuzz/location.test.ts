// Fuzz: bucket, region and endpoint values. createUploader either works out the endpoint or throws a typed
// InvalidInputError naming what is wrong; never a TypeError.
import { InvalidInputError } from '../../../src/lib/core/errors'
import { type FormTransport } from '../../../src/lib/core/transport'
import { createUploader } from '../../../src/lib/core/upload/engine'
import { fuzzRandom, garbageString, garbageValue, pick, type Random } from './garbage'

/** `<name>-<appid>`: name 1–50 of a-z, 0-9, '-' (not at either end), appid digits. Stated without a regex. */
function bucketOk(bucket: unknown): boolean {
  if (typeof bucket !== 'string') return false
  const dash = bucket.lastIndexOf('-')
  const name = bucket.slice(0, dash)
  const appid = bucket.slice(dash + 1)
  const nameChars = [...name].every((c) => (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c === '-')
  return dash > 0 && appid.length > 0 && [...appid].every((c) => c >= '0' && c <= '9') &&
    name.length <= 50 && nameChars && !name.startsWith('-') && !name.endsWith('-')
}

/** Lower-case words of a-z/0-9 joined by single '-', starting with a letter, at most 40 characters. */
function regionOk(region: unknown): boolean {
  if (typeof region !== 'string' || region.length > 40) return false
  const words = region.split('-')
  return words.every((word) => word.length > 0 && [...word].every((c) => (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) &&
    region[0] >= 'a' && region[0] <= 'z'
}

const NEAR_BUCKET = 'abcxyz019-'

function bucketLike(random: Random): unknown {
  return pick(random, [
    () => garbageString(random, 60),
    () => Array.from({ length: 1 + Math.floor(random() * 55) }, () => pick(random, [...NEAR_BUCKET])).join(''),
    () => `${garbageString(random, 8)}-${Math.floor(random() * 1e10)}`,
    () => `examplebucket-${pick(random, ['', '12a', '1250000000', '-1', ' 1'])}`,
    () => 'a'.repeat(Math.floor(random() * 60)) + '-1250000000',
    () => garbageValue(random),
  ])()
}

function regionLike(random: Random): unknown {
  return pick(random, [
    () => garbageString(random, 50),
    () => Array.from({ length: 1 + Math.floor(random() * 45) }, () => pick(random, [...'apguz01-'])).join(''),
    () => pick(random, ['ap-guangzhou', 'AP-GUANGZHOU', 'ap_guangzhou', 'ap-shanghai-fsi', 'accelerate', 'ap--x', '-ap', 'ap-', '1ap']),
    () => garbageValue(random),
  ])()
}

function endpointLike(random: Random): unknown {
  return pick(random, [
    () => undefined,
    () => garbageString(random, 40),
    () => pick(random, ['http://{bucket}.cos.{region}.localhost:9000', 'https://cdn.example.com', 'cdn.example.com/',
      'ftp://x', 'http://', 'http://a/b', 'http://a?x', 'http://a:99999999', 'http://{BUCKET}.x', '//x']),
    () => garbageValue(random),
  ])()
}

const transport: FormTransport = { uploadForm: () => { throw new Error('must not be called') } }

describe('fuzz: bucket, region and endpoint', () => {
  it('every location is either resolved or refused with invalid-bucket / invalid-region / invalid-endpoint', () => {
    const random = fuzzRandom(3)
    const outcomes = new Map<string, number>()
    for (let i = 0; i < 4000; i++) {
      const location = { bucket: bucketLike(random), region: regionLike(random), endpoint: endpointLike(random) }
      let code = 'ok'
      try {
        createUploader({ location: location as never, transport, getCredentials: async () => ({}) }).destroy()
      } catch (error) {
        if (!(error instanceof InvalidInputError)) throw new Error(`untyped ${String(error)} for ${JSON.stringify(location)}`)
        code = error.code
        expect(error.diagnosis.message.en).toBeTruthy()
        expect(error.diagnosis.message['zh-CN']).toBeTruthy()
      }
      outcomes.set(code, (outcomes.get(code) || 0) + 1)
      // The bucket is checked first, then the region: the oracle decides those two outcomes.
      if (!bucketOk(location.bucket)) expect({ location, code }).toEqual({ location, code: 'invalid-bucket' })
      else if (!regionOk(location.region)) expect({ location, code }).toEqual({ location, code: 'invalid-region' })
      else expect({ location, code }).toEqual({ location, code: expect.stringMatching(/^(ok|invalid-endpoint)$/) })
    }
    // The generator reached every outcome.
    expect([...outcomes.keys()].sort()).toEqual(['invalid-bucket', 'invalid-endpoint', 'invalid-region', 'ok'])
  })

  it('a missing or non-object location is refused as bad input too', () => {
    for (const location of [undefined, null, 'examplebucket-1250000000', 42, []]) {
      expect(() => createUploader({ location: location as never, transport, getCredentials: async () => ({}) }))
        .toThrow(InvalidInputError)
    }
  })
})
