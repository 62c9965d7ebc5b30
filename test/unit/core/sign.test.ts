// A copy of /work/shared/vectors/cos-sdk-vectors.json (generated from cos-nodejs-sdk-v5 3.0.0 and the official docs).
import vectors from '../../support/cos-sdk-vectors.json'
import { createHash, createHmac } from 'crypto'
import { base64Utf8, hmacSha1Hex, sha1Hex, camSafeUrlEncode, localKeyTime, isSignableHeader, signRequest, signRequestDetailed, SignableValues } from '../../../src/lib/core/sign'
import { InvalidInputError } from '../../../src/lib/core/errors'

interface SdkInput {
  SecretId: string
  SecretKey: string
  Method: string
  Key?: string
  Pathname?: string
  Query?: SignableValues
  Headers?: SignableValues
  KeyTime?: string
  Bucket?: string
  Region?: string
  ForceSignHost?: boolean
  Expires?: number
  SystemClockOffset?: number
  nowMs?: number
}

// The SDK adds Host itself when given Bucket+Region (unless ForceSignHost is false); our signer takes the header.
function fromSdkInput(input: SdkInput) {
  const headers: SignableValues = { ...input.Headers }
  if (input.Bucket && input.Region && input.ForceSignHost !== false && !headers.Host && !headers.host) {
    headers.Host = `${input.Bucket}.cos.${input.Region}.myqcloud.com`
  }
  return {
    secretId: input.SecretId,
    secretKey: input.SecretKey,
    method: input.Method,
    pathname: input.Pathname || input.Key || '',
    query: input.Query,
    headers,
    keyTime: input.KeyTime || localKeyTime(input.nowMs as number, input.Expires, input.SystemClockOffset),
  }
}

describe('primitives', () => {
  it('hash UTF-8 text like Node crypto', () => {
    for (const text of ['', 'abc', '腾讯云 照片', '😀🎉', 'a\nb']) {
      expect(sha1Hex(text)).toBe(createHash('sha1').update(text, 'utf8').digest('hex'))
      expect(hmacSha1Hex('kéy', text)).toBe(createHmac('sha1', 'kéy').update(text, 'utf8').digest('hex'))
      expect(base64Utf8(text)).toBe(Buffer.from(text, 'utf8').toString('base64'))
    }
  })

  it('camSafeUrlEncode leaves only unreserved characters literal', () => {
    expect(camSafeUrlEncode("a b+c/d!'()*~-_.")).toBe('a%20b%2Bc%2Fd%21%27%28%29%2A~-_.')
    expect(camSafeUrlEncode('腾讯')).toBe('%E8%85%BE%E8%AE%AF')
    expect(() => camSafeUrlEncode('\ud800')).toThrow(URIError)
    for (let code = 32; code < 127; code++) {
      const char = String.fromCharCode(code)
      const expected = /[A-Za-z0-9\-_.~]/.test(char) ? char : '%' + code.toString(16).toUpperCase().padStart(2, '0')
      expect(camSafeUrlEncode(char)).toBe(expected)
    }
  })
})

describe('localKeyTime', () => {
  it('rounds to seconds, then subtracts one (the SDK formula)', () => {
    expect(localKeyTime(1700000000000)).toBe('1699999999;1700000899')
    expect(localKeyTime(1700000000499, 30)).toBe('1699999999;1700000029')
    expect(localKeyTime(1700000000500, 30)).toBe('1700000000;1700000030')
    expect(localKeyTime(1700000000000, 600, -30000)).toBe('1699999969;1700000569')
  })

  it('treats 0 seconds as the default 900, like the SDK', () => {
    expect(localKeyTime(1700000000000, 0)).toBe('1699999999;1700000899')
  })

  it('rejects non-finite or negative input', () => {
    expect(() => localKeyTime(NaN)).toThrow(InvalidInputError)
    expect(() => localKeyTime(1700000000000, -1)).toThrow(InvalidInputError)
    expect(() => localKeyTime(1700000000000, 60, Infinity)).toThrow(InvalidInputError)
  })
})

describe('SDK vectors (cos-sdk-vectors.json)', () => {
  it('has the vectors this suite expects', () => {
    expect(vectors.vectors.length).toBe(30)
  })

  it.each(vectors.vectors.map((vector) => [vector.id, vector] as const))('%s', (_id, vector) => {
    const details = signRequestDetailed(fromSdkInput(vector.input as SdkInput))
    expect(details.authorization).toBe(vector.expected.authorization)
    expect(details.keyTime).toBe(vector.expected['q-key-time'])
    expect(details.headerList).toBe(vector.expected['q-header-list'])
    expect(details.urlParamList).toBe(vector.expected['q-url-param-list'])
    expect(details.signature).toBe(vector.expected['q-signature'])
    expect(details.signKey).toBe(vector.intermediate.signKey)
    expect(details.httpString).toBe(vector.intermediate.httpString)
    expect(details.stringToSign).toBe(vector.intermediate.stringToSign)
  })
})

describe('documented golden values (doc 436/7778)', () => {
  const byId = Object.fromEntries(vectors.doc_vectors.map((vector) => [vector.id, vector]))

  // Values published in the doc; the doc signs `Date`, which the SDK never does, hence signAllHeaders.
  it.each([
    ['doc7778-put', 'eb2519b498b02ac213cb1f3d1a3d27a3b3c9bc5f', '8b2751e77f43a0995d6e9eb9477f4b685cca4172', '3b8851a11a569213c17ba8fa7dcf2abec6935172',
      'content-length;content-md5;content-type;date;host;x-cos-acl;x-cos-grant-read', ''],
    ['doc7778-get', '937914bf490e9e8c189836aad2052e4feeb35eaf', '54ecfe22f59d3514fdc764b87a32d8133ea611e6', '01681b8c9d798a678e43b685a9f1bba0f6c0e012',
      'date;host', 'response-cache-control;response-content-type'],
  ])('%s', (id, signKey, httpStringSha1, signature, headerList, urlParamList) => {
    const details = signRequestDetailed({ ...fromSdkInput(byId[id].input as SdkInput), signAllHeaders: true })
    expect(details.signKey).toBe(signKey)
    expect(sha1Hex(details.httpString)).toBe(httpStringSha1)
    expect(details.signature).toBe(signature)
    expect(details.headerList).toBe(headerList)
    expect(details.urlParamList).toBe(urlParamList)
    expect(details.authorization).toBe(byId[id].computed.authorization)
  })

  it('without signAllHeaders drops Date, as the SDK does (so the doc value is not reached)', () => {
    const { input } = byId['doc7778-put']
    const details = signRequestDetailed(fromSdkInput(input as SdkInput))
    expect(details.headerList).not.toContain('date')
    expect(details.signature).not.toBe('3b8851a11a569213c17ba8fa7dcf2abec6935172')
  })
})

describe('signRequest rules', () => {
  const base = { secretId: 'AKIDexample', secretKey: 'secret', method: 'PUT', pathname: 'a.jpg', keyTime: '1700000000;1700000900' }

  it('returns the authorization of signRequestDetailed', () => {
    expect(signRequest(base)).toBe(signRequestDetailed(base).authorization)
  })

  it('signs the raw decoded path and adds a missing leading slash', () => {
    expect(signRequestDetailed({ ...base, pathname: 'a b+c.jpg' }).httpString).toBe('put\n/a b+c.jpg\n\n\n')
    expect(signRequest({ ...base, pathname: '/a.jpg' })).toBe(signRequest(base))
  })

  it('keeps header values untrimmed and in their case, lower-cases and sorts names', () => {
    const details = signRequestDetailed({ ...base, headers: { 'X-Cos-Meta-B': ' Zhang San ', 'Content-Type': 'image/JPEG' } })
    expect(details.httpString).toBe('put\n/a.jpg\n\ncontent-type=image%2FJPEG&x-cos-meta-b=%20Zhang%20San%20\n')
    expect(details.headerList).toBe('content-type;x-cos-meta-b')
  })

  it('orders pairs by raw name but the list by encoded name (SDK quirk)', () => {
    const details = signRequestDetailed({ ...base, query: { 'a b': 'c', 名字: '值' } })
    expect(details.httpString.split('\n')[2]).toBe('a%20b=c&%e5%90%8d%e5%ad%97=%E5%80%BC')
    expect(details.urlParamList).toBe('%e5%90%8d%e5%ad%97;a%20b')
  })

  it('classifies headers like the SDK', () => {
    for (const name of ['Host', 'content-type', 'Content-Length', 'X-COS-META-x', 'x-ci-process', 'my-x-cos-thing', 'Pic-Operations', 'range']) {
      expect(isSignableHeader(name)).toBe(true)
    }
    for (const name of ['Date', 'User-Agent', 'Accept', 'Authorization', 'Referer', 'x-amz-date', 'content-typo', 'content-type expect']) {
      expect(isSignableHeader(name)).toBe(false)
    }
  })

  it('signs every given header with signAllHeaders', () => {
    const details = signRequestDetailed({ ...base, headers: { Date: 'd', 'User-Agent': 'u' }, signAllHeaders: true })
    expect(details.headerList).toBe('date;user-agent')
  })

  it.each([
    ['no secretId', { secretId: '' }],
    ['no secretKey', { secretKey: '' }],
    ['no method', { method: '' }],
    ['keyTime not start;end', { keyTime: '1700000000' }],
    ['keyTime in ms with junk', { keyTime: '1700000000;17x' }],
    ['keyTime end before start', { keyTime: '1700000900;1700000000' }],
    ['keyTime with a sign before it', { keyTime: '+1700000000;1700000900' }],
    ['lone surrogate in path', { pathname: 'a\ud800.jpg' }],
    ['lone surrogate in a header', { headers: { 'x-cos-meta-a': '\udc00' } }],
    ['a missing pathname (untyped caller)', { pathname: undefined as unknown as string }],
    ['a missing keyTime (untyped caller)', { keyTime: undefined as unknown as string }],
  ])('rejects %s with invalid-sign-input', (_name, change) => {
    const attempt = () => signRequest({ ...base, ...change })
    expect(attempt).toThrow(InvalidInputError)
    expect(attempt).toThrow(expect.objectContaining({ code: 'invalid-sign-input', kind: 'input', retryable: false }))
  })

  it('gives both zh-CN and en messages for bad input', () => {
    try {
      signRequest({ ...base, secretKey: '' })
      throw new Error('signRequest accepted an empty secretKey')
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInputError)
      const { diagnosis } = error as InvalidInputError
      expect(diagnosis.message['zh-CN']).toMatch(/签名/)
      expect(diagnosis.message.en).toMatch(/sign/i)
      expect(diagnosis.detail).toEqual({ missing: ['secretKey'] })
    }
  })
})
