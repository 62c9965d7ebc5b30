// parseCosError / errorFromResponse on real-shaped COS error bodies. Oracle: fast-xml-parser 4.5.0, the XML parser
// the official cos-wx-sdk-v5 uses to read these same bodies.
import fs from 'fs'
import path from 'path'
import { XMLParser } from 'fast-xml-parser'
import { errorFromResponse, parseCosError } from '../../../src/lib/core/diagnose'
import { CosServiceError, CosUploaderError } from '../../../src/lib/core/errors'

const FIXTURES = path.join(__dirname, '../../fixtures/cos-errors')
const fixtureNames = fs.readdirSync(FIXTURES).filter((name) => name.endsWith('.xml'))
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8')

describe('parseCosError', () => {
  it('has a fixture for every COS code the diagnosis covers', () => {
    const codes = fixtureNames.map((name) => parseCosError(fixture(name))!.Code)
    for (const code of ['AccessDenied', 'RequestTimeTooSkewed', 'SignatureDoesNotMatch', 'InvalidAccessKeyId', 'ExpiredToken',
      'NoSuchBucket', 'EntityTooLarge', 'EntityTooSmall', 'InvalidPolicyDocument', 'MalformedPOSTRequest',
      'PathStyleDomainForbidden', 'InternalError']) {
      expect(codes).toContain(code)
    }
  })

  it.each(fixtureNames)('reads %s as the SDK’s XML parser does', (name) => {
    const xml = fixture(name)
    const oracle = new XMLParser({ parseTagValue: false }).parse(xml).Error as Record<string, string>
    const ours = parseCosError(xml)!
    const trimmed = Object.fromEntries(Object.entries(ours).map(([field, value]) => [field, value!.trim()]))
    expect(trimmed).toEqual(oracle)
    expect(ours.RequestId).toMatch(/^[A-Za-z0-9=]{20,}$/)
    expect(ours.TraceId!.length).toBeGreaterThan(20)
  })

  it('keeps the newlines of StringToSign and FormatString and decodes &amp;', () => {
    const cos = parseCosError(fixture('SignatureDoesNotMatch.xml'))!
    expect(cos.StringToSign).toBe('sha1\n1700000000;1700000900\n838c47b75780563e7d024ae23d76f4bf140b558a\n')
    expect(cos.FormatString).toBe('put\n/photos/a b.jpg\n\n' +
      'content-length=13&host=examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com\n')
  })

  it('decodes numeric entities and CDATA, and reads empty elements', () => {
    const cos = parseCosError('<Error><Code>X</Code><Message>&#20013;&#x6587; &lt;b&gt; &quot;q&quot; &apos;a&apos; &bogus;</Message>' +
      '<Resource/><RequestId><![CDATA[a<b&c]]></RequestId></Error>')
    expect(cos).toEqual({ Code: 'X', Message: '中文 <b> "q" \'a\' &bogus;', Resource: '', RequestId: 'a<b&c' })
  })

  it.each([
    ['empty', ''],
    ['plain text', 'Bad Gateway'],
    ['an HTML error page', '<html><body><h1>502 Bad Gateway</h1></body></html>'],
    ['a body without Code', '<Error><Message>no code</Message></Error>'],
    ['a truncated body', "<?xml version='1.0' ?><Error><Code>AccessDenied</Code><Mess"],
    ['JSON', '{"Code":"AccessDenied"}'],
  ])('returns undefined for %s', (_, text) => {
    expect(parseCosError(text)).toBeUndefined()
  })

  it('returns undefined for non-strings and never throws on random input', () => {
    for (const value of [undefined, null, 42, {}, new ArrayBuffer(4)]) expect(parseCosError(value as unknown as string)).toBeUndefined()
    let seed = 7
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
    const alphabet = ['<', '>', '/', '&', ';', '#', 'x', 'Error', 'Code', 'Message', '<![CDATA[', ']]>', '&#x110000;', 'a', '\n', ' ']
    let parsed = 0
    for (let i = 0; i < 2000; i++) {
      let text = ''
      for (let j = 0; j < 40; j++) text += alphabet[Math.floor(random() * alphabet.length)]
      const result = parseCosError(i % 2 ? `<Error><Code>C</Code>${text}</Error>` : text)
      if (result) parsed++
    }
    expect(parsed).toBeGreaterThan(0)
  })
})

describe('errorFromResponse', () => {
  it('builds a diagnosed CosServiceError carrying Code, Message, RequestId and the headers', () => {
    const error = errorFromResponse({
      statusCode: 403,
      headers: { 'Content-Type': 'application/xml', 'X-Cos-Request-Id': 'header-id' },
      data: fixture('AccessDenied.xml'),
    })
    expect(error).toBeInstanceOf(CosServiceError)
    expect(error).toBeInstanceOf(CosUploaderError)
    expect(error.kind).toBe('cos')
    expect(error.statusCode).toBe(403)
    expect(error.cos.Code).toBe('AccessDenied')
    expect(error.cos.Message).toBe('Access Denied.')
    expect(error.requestId).toBe('NjU1ZjM5YjhfNTFhNzNiMGJfMjM4Nl8zNTc3NDg0')
    expect(error.responseHeaders).toEqual({ 'content-type': 'application/xml', 'x-cos-request-id': 'header-id' })
    expect(error.code).toBe('access-denied')
    expect(error.message).toBe(error.diagnosis.message.en)
  })

  it('keeps the status and the header RequestId when the body is not COS XML', () => {
    const error = errorFromResponse({
      statusCode: 502, headers: { 'x-cos-request-id': 'NjU1ZjNmMDBf' }, data: '<html>502 Bad Gateway</html>',
    })
    expect(error.cos).toEqual({ Code: '', Message: '', RequestId: 'NjU1ZjNmMDBf' })
    expect(error.requestId).toBe('NjU1ZjNmMDBf')
    expect(error.code).toBe('server-error')
    expect(error.retryable).toBe(true)
  })

  it('diagnoses with the context it is given', () => {
    const error = errorFromResponse({ statusCode: 403, headers: {}, data: fixture('AccessDenied.xml') },
      { action: 'name/cos:GetObject' })
    expect(error.diagnosis.detail).toEqual({ action: 'name/cos:GetObject' })
    expect(error.describe('zh-CN')).toContain('name/cos:GetObject')
  })
})
