// Fuzz: STS responses with missing fields, wrong types, expiry in the past and huge tokens. Each is accepted in
// one shape or refused with a CredentialsError that names the field; through the uploader every task settles
// with a typed error, never a crash or a hang.
import { CredentialsError, CosUploaderError } from '../../../src/lib/core/errors'
import { normalizeCredentials } from '../../../src/lib/core/credentials'
import { type FormTransport } from '../../../src/lib/core/transport'
import { createUploader } from '../../../src/lib/core/upload/engine'
import { settled } from '../../support/settled'
import { fuzzRandom, garbageValue, pick, within, type Random } from './garbage'

const NOW = Date.parse('2026-11-22T08:00:00Z')
const FIELDS = ['tmpSecretId', 'tmpSecretKey', 'sessionToken', 'startTime', 'expiredTime'] as const

/** What a qcloud-cos-sts based service answers. */
function stsAnswer() {
  return {
    credentials: { tmpSecretId: 'AKIDtmpEXAMPLE', tmpSecretKey: 'tmpSecretKeyEXAMPLE', sessionToken: 'token-EXAMPLE' },
    startTime: NOW / 1000 - 5, expiredTime: NOW / 1000 + 1800, expiration: new Date(NOW + 1800_000).toISOString(),
  }
}

type Mutation = { field: (typeof FIELDS)[number]; change: 'delete' | 'garbage' | 'past' | 'milliseconds' | 'huge'; value?: unknown }

function mutate(random: Random): { raw: Record<string, unknown>; mutations: Mutation[] } {
  const raw = stsAnswer() as unknown as Record<string, unknown>
  const credentials = raw.credentials as Record<string, unknown>
  const mutations: Mutation[] = []
  for (let i = 0, n = 1 + Math.floor(random() * 2); i < n; i++) {
    const field = pick(random, FIELDS)
    const holder = field in credentials ? credentials : raw
    const change = pick(random, ['delete', 'garbage', 'garbage', 'past', 'milliseconds', 'huge'] as const)
    const value = change === 'delete' ? undefined
      : change === 'garbage' ? garbageValue(random)
      : change === 'past' ? NOW / 1000 - 1 - Math.floor(random() * 1e6)
      : change === 'milliseconds' ? NOW + 1800_000
      : 'x'.repeat(1024 * 1024)
    if (change === 'delete') delete holder[field]
    else holder[field] = value
    mutations.push({ field, change, value })
  }
  return { raw, mutations }
}

const typeOf = (value: unknown) => typeof value

describe('fuzz: STS responses', () => {
  const random = fuzzRandom(4)
  const cases = Array.from({ length: 1500 }, () => mutate(random))

  it('normalizeCredentials accepts a usable shape or refuses with a CredentialsError naming the field', () => {
    const codes = new Map<string, number>()
    for (const { raw, mutations } of cases) {
      let result: unknown
      try {
        result = normalizeCredentials(raw, { nowMs: NOW })
      } catch (error) {
        if (!(error instanceof CredentialsError)) throw new Error(`untyped ${String(error)} after ${JSON.stringify(mutations)}`)
        codes.set(error.code, (codes.get(error.code) || 0) + 1)
        expect(['invalid-credentials', 'permanent-key-refused', 'credentials-expired']).toContain(error.code)
        if (error.code === 'invalid-credentials') {
          const field = error.diagnosis.detail?.field as string
          // The field named is one that was changed (or 'credentials' itself) and both texts name it.
          expect([...mutations.map((m) => m.field), 'credentials']).toContain(field)
          expect(error.describe('en')).toContain(field)
          expect(error.describe('zh-CN')).toContain(field)
        }
        continue
      }
      const credentials = result as ReturnType<typeof normalizeCredentials>
      codes.set('ok', (codes.get('ok') || 0) + 1)
      expect([credentials.tmpSecretId, credentials.tmpSecretKey, credentials.sessionToken].map(typeOf)).toEqual(['string', 'string', 'string'])
      expect(credentials.tmpSecretId && credentials.tmpSecretKey && credentials.sessionToken).toBeTruthy()
      expect(credentials.expiredTime).toBeGreaterThan(credentials.startTime ?? NOW / 1000)
    }
    expect([...codes.keys()].sort()).toEqual(['credentials-expired', 'invalid-credentials', 'ok', 'permanent-key-refused'])
  })

  it('a field deleted outright is named in the error', () => {
    for (const field of ['tmpSecretId', 'tmpSecretKey', 'expiredTime'] as const) {
      const raw = stsAnswer() as unknown as Record<string, Record<string, unknown>>
      delete (field in raw.credentials ? raw.credentials : raw)[field]
      expect(() => normalizeCredentials(raw, { nowMs: NOW })).toThrow(expect.objectContaining({
        code: 'invalid-credentials', diagnosis: expect.objectContaining({ detail: expect.objectContaining({ field }) }),
      }))
    }
  })

  it('through the uploader: every garbage STS answer ends its task done or with a typed error, within 2 s', async () => {
    // The host boundary: answers 204 like uploadFile once the request is made.
    const transport: FormTransport = {
      uploadForm: () => ({ onProgress: () => undefined, abort: () => undefined, response: Promise.resolve({ statusCode: 204, headers: {}, data: '' }) }),
    }
    const settledStatuses = new Map<string, number>()
    for (const { raw } of cases.slice(0, 150)) {
      const uploader = createUploader({
        location: { bucket: 'examplebucket-1250000000', region: 'ap-guangzhou' }, transport,
        getCredentials: async () => raw, now: () => NOW, maxRetries: 0,
      })
      uploader.add([{ path: 'wxfile://tmp/a.jpg', size: 10 }])
      const [task] = await within(settled(uploader, ['done', 'error']), 2000)
      settledStatuses.set(task.status, (settledStatuses.get(task.status) || 0) + 1)
      if (task.status === 'error') {
        expect(task.error).toBeInstanceOf(CosUploaderError)
        expect(task.error!.kind).toBe('credentials')
      }
      uploader.destroy()
    }
    expect([...settledStatuses.keys()].sort()).toEqual(['done', 'error'])
  })
})
