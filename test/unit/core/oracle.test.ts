// Property tests against the official signer: cos-nodejs-sdk-v5 3.0.0 (static getAuthorization, getObjectUrl).
// Every run draws a new seed; replay a failure with COS_ORACLE_SEED=<seed>.
import COS from 'cos-nodejs-sdk-v5'
import { signRequest, signRequestDetailed } from '../../../src/lib/core/sign'
import { resolveEndpoint, getObjectUrl } from '../../../src/lib/core/url'
import { legacyPostFields } from '../../../src/lib/core/post'
import { randomKey, randomSignRequest, seededRandom, toSdkOptions } from '../../support/random-requests'

const seed = Number(process.env.COS_ORACLE_SEED) || Math.floor(Math.random() * 2 ** 31)
const sdkAuthorization = (options: Record<string, unknown>): string =>
  COS.getAuthorization(options as unknown as COS.StaticGetAuthorizationOptions)

describe(`cos-nodejs-sdk-v5 getAuthorization oracle (seed ${seed})`, () => {
  it('agrees on 2,000 random requests', () => {
    const random = seededRandom(seed)
    const mismatches: unknown[] = []
    let withUnicode = 0
    let withDroppedHeader = 0
    for (let i = 0; i < 2000; i++) {
      const input = randomSignRequest(random)
      const ours = signRequest(input)
      const theirs = sdkAuthorization(toSdkOptions(input))
      if (ours !== theirs) mismatches.push({ i, input, ours, theirs })
      if (/[^\x00-\x7f]/.test(input.pathname)) withUnicode++
      if (Object.keys(input.headers || {}).some((name) => /^(user-agent|date|accept|authorization|referer)$/i.test(name))) withDroppedHeader++
    }
    // The seed is part of the compared value so a failure prints it.
    expect({ seed, mismatches: mismatches.slice(0, 3), count: mismatches.length }).toEqual({ seed, mismatches: [], count: 0 })
    // The generator really exercises the hard cases.
    expect(withUnicode).toBeGreaterThan(200)
    expect(withDroppedHeader).toBeGreaterThan(200)
  })

  it('agrees on the hand-picked hard cases', () => {
    const keyTime = '1700000000;1700000900'
    const cases = [
      { pathname: '' },
      { pathname: '/leading/slash.png' },
      { pathname: 'a//b///c.png' },
      { pathname: " +!'()*~%#?&=;:@,$.jpg" },
      { pathname: '腾讯云/😀 🎉.png' },
      { pathname: 'a', query: { uploads: '', n: null, u: undefined, partNumber: 3, flag: true } },
      { pathname: 'a', query: { 'a b': 'c', 名字: '值', Z: 'z', a: 'A' } },
      { pathname: 'a', headers: { Host: 'h', 'User-Agent': 'x', Date: 'd', Accept: '*/*', 'X-Cos-Meta-A': ' 张 ', 'content-TYPE': 'image/png' } },
      { pathname: 'a', headers: { Host: 'one', host: 'two' } },
    ]
    for (const change of cases) {
      const input = { secretId: 'AKIDexample', secretKey: 'sk', method: 'Put', keyTime, ...change }
      expect(signRequest(input)).toBe(sdkAuthorization(toSdkOptions(input)))
    }
  })

  it('rejects a lone surrogate the SDK either throws on (query) or silently turns into U+FFFD (path)', () => {
    const base = { secretId: 'AKIDexample', secretKey: 'sk', method: 'get', pathname: 'a', keyTime: '1;2' }
    const inQuery = { ...base, query: { v: 'a\ud83d' } }
    expect(() => sdkAuthorization(toSdkOptions(inQuery))).toThrow(URIError)
    expect(() => signRequest(inQuery)).toThrow(expect.objectContaining({ code: 'invalid-sign-input' }))
    const inPath = { ...base, pathname: 'a\ud83d' }
    expect(sdkAuthorization(toSdkOptions(inPath))).toBe(signRequest({ ...base, pathname: 'a\ufffd' }))
    expect(() => signRequest(inPath)).toThrow(expect.objectContaining({ code: 'invalid-sign-input' }))
  })
})

describe('legacy PostObject Signature vs the SDK', () => {
  it('is the Authorization for POST / signing host', () => {
    const endpoint = resolveEndpoint({ bucket: 'examplebucket-1250000000', region: 'ap-guangzhou' })
    const credentials = { secretId: 'AKIDtmp', secretKey: 'tmpKey', sessionToken: 'tok' }
    const keyTime = '1700000000;1700000900'
    const fields = legacyPostFields({ credentials, endpoint, key: 'photos/a b+c.jpg', keyTime })
    expect(fields.Signature).toBe(sdkAuthorization({
      SecretId: 'AKIDtmp', SecretKey: 'tmpKey', Method: 'POST', Pathname: '/', KeyTime: keyTime,
      Bucket: 'examplebucket-1250000000', Region: 'ap-guangzhou',
    }))
  })
})

// getObjectUrl through an STS-style getAuthorization callback fixes KeyTime (StartTime;ExpiredTime) and the token.
function sdkObjectUrl(options: { key: string; domain?: string; protocol?: 'http:' | 'https:'; token: string; keyTime: string }): Promise<string> {
  const [start, end] = options.keyTime.split(';').map(Number)
  const cos = new COS({
    Domain: options.domain,
    Protocol: options.protocol,
    getAuthorization: (_options, callback) =>
      callback({ TmpSecretId: 'AKIDtmp', TmpSecretKey: 'tmpKey', SecurityToken: options.token, StartTime: start, ExpiredTime: end }),
  })
  return new Promise((resolve, reject) => {
    cos.getObjectUrl({ Bucket: 'examplebucket-1250000000', Region: 'ap-guangzhou', Key: options.key, Sign: true },
      (error, data) => (error ? reject(error) : resolve(data.Url)))
  })
}

describe(`getObjectUrl vs cos-nodejs-sdk-v5 getObjectUrl (seed ${seed})`, () => {
  const credentials = { secretId: 'AKIDtmp', secretKey: 'tmpKey', sessionToken: 'tokenABC123' }

  it('builds the same signed URL for 200 random keys', async () => {
    const random = seededRandom(seed ^ 0x5bd1e995)
    const endpoint = resolveEndpoint({ bucket: 'examplebucket-1250000000', region: 'ap-guangzhou' })
    const mismatches: unknown[] = []
    for (let i = 0; i < 200; i++) {
      const key = randomKey(random).replace(/^\/+/, '') || 'k'
      const keyTime = `${1700000000 + i};${1700000900 + i}`
      const ours = getObjectUrl({ endpoint, key, credentials, keyTime })
      const theirs = await sdkObjectUrl({ key, token: credentials.sessionToken, keyTime })
      if (ours !== theirs) mismatches.push({ key, ours, theirs })
    }
    expect({ seed, mismatches: mismatches.slice(0, 3) }).toEqual({ seed, mismatches: [] })
  })

  it('agrees for an endpoint template (the local emulator form)', async () => {
    const keyTime = '1700000000;1700000900'
    const key = 'dir/a b+c(1).jpg'
    const endpoint = resolveEndpoint({ bucket: 'examplebucket-1250000000', region: 'ap-guangzhou', endpoint: 'http://{bucket}.cos.{region}.localhost:9000' })
    const theirs = await sdkObjectUrl({ key, domain: '{Bucket}.cos.{Region}.localhost:9000', protocol: 'http:', token: 'tok', keyTime })
    expect(getObjectUrl({ endpoint, key, credentials: { ...credentials, sessionToken: 'tok' }, keyTime })).toBe(theirs)
  })

  it('encodes a token the SDK would send raw, and the query parses back to a verifiable signature', () => {
    const endpoint = resolveEndpoint({ bucket: 'examplebucket-1250000000', region: 'ap-guangzhou' })
    const keyTime = '1700000000;1700000900'
    const key = '相册/a+b.jpg'
    const url = getObjectUrl({ endpoint, key, credentials: { ...credentials, sessionToken: 'tok+/=' }, keyTime })
    const parsed = new URL(url)
    expect(decodeURIComponent(parsed.pathname)).toBe('/' + key)
    expect(parsed.searchParams.get('x-cos-security-token')).toBe('tok+/=')
    expect(parsed.searchParams.get('q-header-list')).toBe('host')
    const resigned = signRequestDetailed({
      secretId: credentials.secretId, secretKey: credentials.secretKey, method: 'GET',
      pathname: decodeURIComponent(parsed.pathname), headers: { host: parsed.host }, keyTime: parsed.searchParams.get('q-key-time') as string,
    })
    expect(parsed.searchParams.get('q-signature')).toBe(resigned.signature)
  })
})
