import vectors from '../../support/cos-sdk-vectors.json'
import { createHash, createHmac } from 'crypto'
import { randomText, seededRandom } from '../../support/random-requests'
import { buildPostPolicy, signPostPolicy, PostPolicyInput, legacyPostFields, policyPostFields } from '../../../src/lib/core/post'
import { resolveEndpoint } from '../../../src/lib/core/url'
import { signRequest } from '../../../src/lib/core/sign'
import { InvalidInputError } from '../../../src/lib/core/errors'

const policyVectors = Object.fromEntries(vectors.post_policy_vectors.map((vector) => [vector.id, vector]))

describe('signPostPolicy', () => {
  it('reproduces the doc 436/14690 golden values from the base64-decoded doc policy', () => {
    const vector = policyVectors['doc14690-policy']
    const policy = Buffer.from(vector.expected.policy, 'base64').toString('utf8')
    expect(policy).toBe(vector.input.policyText)
    const signed = signPostPolicy({ secretId: vector.input.secretId, secretKey: vector.input.secretKey, keyTime: vector.input.keyTime, policy })
    expect(signed.signKey).toBe('39acc8c9f34ba5b19bce4e965b370cd3f62d2fba')
    expect(signed.stringToSign).toBe('d5d903b8360468bc81c1311f134989bc8c8b5b89')
    expect(signed.signature).toBe('7758dc9a832e9d301dca704cacbf9d9f8172fdef')
    expect(signed.policyBase64).toBe(vector.expected.policy)
  })

  it.each(vectors.post_policy_vectors.map((vector) => [vector.id, vector] as const))('vector %s', (_id, vector) => {
    const { secretId, secretKey, keyTime, policyText } = vector.input
    const signed = signPostPolicy({ secretId, secretKey, keyTime, policy: policyText })
    expect(signed).toEqual({
      policyBase64: vector.expected.policy,
      stringToSign: vector.expected.stringToSign,
      signature: vector.expected['q-signature'],
      signKey: vector.expected.signKey,
    })
  })

  it('hashes the exact bytes: whitespace changes the signature', () => {
    const compact = policyVectors['policy-unicode-key']
    const pretty = policyVectors['policy-whitespace-sensitivity']
    expect(JSON.parse(compact.input.policyText)).toEqual(JSON.parse(pretty.input.policyText))
    const sign = (policy: string) => signPostPolicy({ ...compact.input, policy }).signature
    expect(sign(compact.input.policyText)).not.toBe(sign(pretty.input.policyText))
  })

  const base = { secretId: 'AKIDexample', secretKey: 'sk', keyTime: '1700000000;1700000900' }
  const conditions = (...extra: unknown[]) =>
    JSON.stringify({ expiration: '2030-01-01T00:00:00.000Z', conditions: [{ bucket: 'b-1250000000' }, ...extra] })

  it('accepts the eq form of the required conditions', () => {
    const policy = conditions(['eq', '$q-sign-algorithm', 'sha1'], ['eq', '$q-ak', 'AKIDexample'], { 'q-sign-time': base.keyTime })
    expect(signPostPolicy({ ...base, policy }).signature).toMatch(/^[0-9a-f]{40}$/)
  })

  it.each([
    ['not JSON', 'policy'],
    ['no required conditions', conditions()],
    ['q-ak of another key', conditions({ 'q-sign-algorithm': 'sha1' }, { 'q-ak': 'AKIDother' }, { 'q-sign-time': base.keyTime })],
    ['q-sign-time differing from keyTime', conditions({ 'q-sign-algorithm': 'sha1' }, { 'q-ak': 'AKIDexample' }, { 'q-sign-time': '1;2' })],
    ['q-ak only as a prefix (starts-with pins no value)', conditions({ 'q-sign-algorithm': 'sha1' }, ['starts-with', '$q-ak', 'AKIDexample'], { 'q-sign-time': base.keyTime })],
    ['eq on another field', conditions({ 'q-sign-algorithm': 'sha1' }, ['eq', '$q-ak-x', 'AKIDexample'], { 'q-sign-time': base.keyTime })],
    ['conditions that are not a list', JSON.stringify({ expiration: '2030-01-01T00:00:00.000Z', conditions: { 'q-sign-algorithm': 'sha1', 'q-ak': 'AKIDexample', 'q-sign-time': base.keyTime } })],
  ])('rejects a policy that is %s', (_name, policy) => {
    expect(() => signPostPolicy({ ...base, policy })).toThrow(InvalidInputError)
    expect(() => signPostPolicy({ ...base, policy })).toThrow(expect.objectContaining({ code: 'invalid-sign-input' }))
  })

  it('rejects a missing secretKey', () => {
    const policy = conditions({ 'q-sign-algorithm': 'sha1' }, { 'q-ak': 'AKIDexample' }, { 'q-sign-time': base.keyTime })
    expect(() => signPostPolicy({ ...base, secretKey: '', policy })).toThrow(InvalidInputError)
  })
})

describe('buildPostPolicy', () => {
  const stsVector = policyVectors['policy-sts-image-only']
  const unicodeVector = policyVectors['policy-unicode-key']

  it('builds the compact STS image-only policy byte for byte', () => {
    const policy = buildPostPolicy({
      bucket: 'examplebucket-1250000000',
      keyPrefix: 'uploads/u123/',
      contentTypePrefix: 'image/',
      contentLengthRange: [1, 10485760],
      sessionToken: 'tokenABC+/=',
      secretId: stsVector.input.secretId,
      keyTime: stsVector.input.keyTime,
      expiration: new Date(Date.UTC(2023, 10, 14, 22, 28, 20)),
    })
    expect(policy).toBe(stsVector.input.policyText)
  })

  it('builds the exact-key policy with a CJK key and success_action_status, keeping a string expiration verbatim', () => {
    const policy = buildPostPolicy({
      bucket: 'examplebucket-1250000000',
      key: '相册/腾讯云 照片.jpg',
      successActionStatus: 200,
      secretId: unicodeVector.input.secretId,
      keyTime: unicodeVector.input.keyTime,
      expiration: '2023-11-14T22:28:20.000Z',
    })
    expect(policy).toBe(unicodeVector.input.policyText)
    expect(signPostPolicy({ ...unicodeVector.input, policy }).signature).toBe(unicodeVector.expected['q-signature'])
  })

  const valid: PostPolicyInput = { bucket: 'b-1250000000', secretId: 'AKID', keyTime: '1;2', expiration: '2030-01-01T00:00:00Z' }

  it('signs 300 random built policies as the documented formula computed with Node crypto', () => {
    const seed = Number(process.env.COS_ORACLE_SEED) || Math.floor(Math.random() * 2 ** 31)
    const random = seededRandom(seed)
    const failures: unknown[] = []
    for (let i = 0; i < 300; i++) {
      const start = 1700000000 + Math.floor(random() * 1e8)
      const keyTime = `${start};${start + 1 + Math.floor(random() * 7200)}`
      const input: PostPolicyInput = {
        bucket: 'examplebucket-1250000000', secretId: 'AKID' + i, keyTime, expiration: new Date(start * 1000 + 600000),
        ...(random() < 0.5 ? { key: randomText(random) || 'k' } : { keyPrefix: randomText(random) }),
        ...(random() < 0.5 ? { contentTypePrefix: 'image/' } : {}),
        ...(random() < 0.5 ? { contentLengthRange: [0, Math.floor(random() * 1e9)] as [number, number] } : {}),
        ...(random() < 0.5 ? { sessionToken: randomText(random) + 'token' } : {}),
      }
      const secretKey = randomText(random) + 'secret'
      const policy = buildPostPolicy(input)
      const signed = signPostPolicy({ secretId: input.secretId, secretKey, keyTime, policy })
      const signKey = createHmac('sha1', secretKey).update(keyTime).digest('hex')
      const stringToSign = createHash('sha1').update(policy, 'utf8').digest('hex')
      const expected = { policyBase64: Buffer.from(policy, 'utf8').toString('base64'), stringToSign, signKey,
        signature: createHmac('sha1', signKey).update(stringToSign).digest('hex') }
      if (!(['policyBase64', 'stringToSign', 'signKey', 'signature'] as const).every((field) => signed[field] === expected[field])) failures.push({ input, secretKey, signed, expected })
      const parsed = JSON.parse(policy)
      if (parsed.conditions[0].bucket !== input.bucket || parsed.expiration !== (input.expiration as Date).toISOString()) failures.push({ input, policy })
    }
    expect({ seed, failures: failures.slice(0, 3) }).toEqual({ seed, failures: [] })
  })

  it('accepts an exact-size range, [n, n], for a server that signs for the file it was told about', () => {
    expect(JSON.parse(buildPostPolicy({ ...valid, contentLengthRange: [1234, 1234] })).conditions).toContainEqual(['content-length-range', 1234, 1234])
  })

  it('ends with the three required conditions, accepted by signPostPolicy', () => {
    const policy = buildPostPolicy(valid)
    expect(JSON.parse(policy).conditions).toEqual([
      { bucket: 'b-1250000000' }, { 'q-sign-algorithm': 'sha1' }, { 'q-ak': 'AKID' }, { 'q-sign-time': '1;2' },
    ])
    expect(() => signPostPolicy({ secretId: 'AKID', secretKey: 'sk', keyTime: '1;2', policy })).not.toThrow()
  })

  it.each([
    ['a bad bucket', { bucket: 'Bad_Bucket' }, 'invalid-bucket'],
    ['an invalid expiration', { expiration: 'tomorrow' }, 'invalid-sign-input'],
    ['an invalid Date', { expiration: new Date(NaN) }, 'invalid-sign-input'],
    ['both key and keyPrefix', { key: 'a', keyPrefix: 'b/' }, 'invalid-sign-input'],
    ['an inverted length range', { contentLengthRange: [10, 1] }, 'invalid-sign-input'],
    ['a fractional length range', { contentLengthRange: [0, 1.5] }, 'invalid-sign-input'],
    ['a negative length range', { contentLengthRange: [-1, 5] }, 'invalid-sign-input'],
    ['a fractional lower bound', { contentLengthRange: [0.5, 3] }, 'invalid-sign-input'],
    ['an empty secretId', { secretId: '' }, 'invalid-sign-input'],
    ['a malformed keyTime', { keyTime: 'now' }, 'invalid-sign-input'],
  ])('rejects %s', (_name, change, code) => {
    const attempt = () => buildPostPolicy({ ...valid, ...change } as PostPolicyInput)
    expect(attempt).toThrow(InvalidInputError)
    expect(attempt).toThrow(expect.objectContaining({ code }))
  })
})

describe('post form fields', () => {
  const keyTime = '1700000000;1700000900'
  const credentials = { secretId: 'AKIDtmp', secretKey: 'tmpKey', sessionToken: 'token+/=' }

  it('policy form: documented fields in order, values from the signed policy', () => {
    const policy = buildPostPolicy({ bucket: 'b-1250000000', keyPrefix: 'u/', secretId: credentials.secretId, keyTime, expiration: '2030-01-01T00:00:00.000Z' })
    const signed = signPostPolicy({ ...credentials, keyTime, policy })
    const fields = policyPostFields({ key: 'u/a.jpg', secretId: credentials.secretId, keyTime, signed,
      sessionToken: credentials.sessionToken, contentType: 'image/jpeg', successActionStatus: 201 })
    expect(Object.entries(fields)).toEqual([
      ['key', 'u/a.jpg'],
      ['policy', signed.policyBase64],
      ['q-sign-algorithm', 'sha1'],
      ['q-ak', 'AKIDtmp'],
      ['q-key-time', keyTime],
      ['q-signature', signed.signature],
      ['x-cos-security-token', 'token+/='],
      ['Content-Type', 'image/jpeg'],
      ['success_action_status', '201'],
    ])
    expect(Buffer.from(fields.policy, 'base64').toString('utf8')).toBe(policy)
  })

  it('policy form: optional fields are left out when not given', () => {
    const policy = buildPostPolicy({ bucket: 'b-1250000000', secretId: 'AKID', keyTime, expiration: '2030-01-01T00:00:00.000Z' })
    const signed = signPostPolicy({ secretId: 'AKID', secretKey: 'sk', keyTime, policy })
    expect(Object.keys(policyPostFields({ key: 'a', secretId: 'AKID', keyTime, signed })))
      .toEqual(['key', 'policy', 'q-sign-algorithm', 'q-ak', 'q-key-time', 'q-signature'])
  })

  it('legacy form: fields in order; Signature signs POST / with the endpoint host', () => {
    const endpoint = resolveEndpoint({ bucket: 'examplebucket-1250000000', region: 'ap-guangzhou' })
    const fields = legacyPostFields({ credentials, endpoint, key: 'photos/a b+c.jpg', keyTime, contentType: 'image/png', successActionStatus: 200 })
    const expected = signRequest({ ...credentials, method: 'post', pathname: '/', headers: { host: 'examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com' }, keyTime })
    expect(Object.entries(fields)).toEqual([
      ['key', 'photos/a b+c.jpg'],
      ['success_action_status', '200'],
      ['Signature', expected],
      ['x-cos-security-token', 'token+/='],
      ['Content-Type', 'image/png'],
    ])
  })

  it('legacy form: reproduces the SDK vector postobject-header-style', () => {
    const vector = vectors.vectors.find((v) => v.id === 'postobject-header-style') as (typeof vectors.vectors)[number]
    const endpoint = resolveEndpoint({ bucket: 'examplebucket-1250000000', region: 'ap-guangzhou' })
    const fields = legacyPostFields({ credentials: { secretId: vector.input.SecretId, secretKey: vector.input.SecretKey }, endpoint, key: 'k', keyTime })
    expect(fields.Signature).toBe(vector.expected.authorization)
    expect(Object.keys(fields)).toEqual(['key', 'Signature'])
  })

  it('legacy form: path style signs /<bucket>/ on the region host', () => {
    const endpoint = resolveEndpoint({ bucket: 'examplebucket-1250000000', region: 'ap-guangzhou', forcePathStyle: true })
    const fields = legacyPostFields({ credentials, endpoint, key: 'a.jpg', keyTime })
    expect(fields.Signature).toBe(signRequest({ ...credentials, method: 'POST', pathname: '/examplebucket-1250000000/',
      headers: { host: 'cos.ap-guangzhou.myqcloud.com' }, keyTime }))
  })

  it('both forms reject a bad key before signing', () => {
    const endpoint = resolveEndpoint({ bucket: 'examplebucket-1250000000', region: 'ap-guangzhou' })
    expect(() => legacyPostFields({ credentials, endpoint, key: '/a.jpg', keyTime })).toThrow(expect.objectContaining({ code: 'invalid-key' }))
    const signed = { policyBase64: 'e30=', stringToSign: '', signature: '', signKey: '' }
    expect(() => policyPostFields({ key: '', secretId: 'AKID', keyTime, signed })).toThrow(expect.objectContaining({ code: 'invalid-key' }))
  })
})
