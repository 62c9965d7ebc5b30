// The classifier: each COS error fixture and each host errMsg gets a stable code, a zh-CN/en message a person can
// act on, the right retryability and the facts behind it.
import fs from 'fs'
import path from 'path'
import { diagnoseCosError, errorFromResponse, parseCosError } from '../../../src/lib/core/diagnose'
import { diagnoseCosError as diagnoseWithLocal, firstDifferingLine } from '../../../src/lib/node/diagnose'
import { hostErrorFrom } from '../../../src/lib/hosts/diagnose'
import { signRequestDetailed } from '../../../src/lib/core/sign'
import { HostError } from '../../../src/lib/core/errors'
import { type Diagnosis } from '../../../src/lib/core/messages'

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '../../fixtures/cos-errors', name + '.xml'), 'utf8')
const cosOf = (name: string) => parseCosError(fixture(name))!
const CJK = /[\u4e00-\u9fff]/

function expectReadable(diagnosis: Diagnosis) {
  expect(diagnosis.message.en.length).toBeGreaterThan(5)
  expect(diagnosis.message['zh-CN']).toMatch(CJK)
  expect(diagnosis.code).toMatch(/^[a-z]+(-[a-z]+)*$/)
}

describe('diagnoseCosError', () => {
  it.each([
    ['AccessDenied', 403, 'access-denied', false],
    ['AccessDenied-expired', 403, 'request-expired', true],
    ['AccessDenied-policy-expired', 403, 'policy-expired', true],
    ['AccessDenied-condition', 403, 'policy-condition-mismatch', false],
    ['RequestTimeTooSkewed', 403, 'clock-skewed', true],
    ['SignatureDoesNotMatch', 403, 'signature-mismatch', false],
    ['InvalidAccessKeyId', 403, 'invalid-access-key-id', false],
    ['ExpiredToken', 400, 'expired-token', true],
    ['NoSuchBucket', 404, 'no-such-bucket', false],
    ['EntityTooLarge', 400, 'entity-too-large', false],
    ['EntityTooSmall', 400, 'entity-too-small', false],
    ['InvalidPolicyDocument', 400, 'invalid-policy-document', false],
    ['MalformedPOSTRequest', 400, 'malformed-post-request', false],
    ['PathStyleDomainForbidden', 403, 'path-style-forbidden', false],
    ['InternalError', 500, 'server-error', true],
    ['KeyTooLong', 400, 'cos-error', false],
  ])('%s (%i) → %s', (name, status, code, retryable) => {
    const diagnosis = diagnoseCosError(status, cosOf(name))
    expect(diagnosis.code).toBe(code)
    expect(diagnosis.retryable).toBe(retryable)
    expectReadable(diagnosis)
  })

  it('"Request has expired" for a KeyTime that starts after COS\'s clock: not valid yet, by how much', () => {
    const date = 'Tue, 01 Dec 2026 12:00:00 GMT'
    const serverSec = Date.parse(date) / 1000
    const ahead = diagnoseCosError(403, cosOf('AccessDenied-expired'), { date }, { keyTime: `${serverSec + 3600};${serverSec + 5400}` })
    expect(ahead).toMatchObject({ code: 'signature-not-yet-valid', retryable: true, detail: { ahead: '+3600 s', aheadMs: 3600000 } })
    expect(ahead.message.en).toContain('+3600 s ahead of COS')
    expect(ahead.message['zh-CN']).toContain('快 +3600 s')
    // A window that ended is expired, whatever the clocks; so is one without the Date header to compare with.
    expect(diagnoseCosError(403, cosOf('AccessDenied-expired'), { date }, { keyTime: `${serverSec - 5400};${serverSec - 3600}` }).code)
      .toBe('request-expired')
    expect(diagnoseCosError(403, cosOf('AccessDenied-expired'), {}, { keyTime: `${serverSec + 3600};${serverSec + 5400}` }).code)
      .toBe('request-expired')
  })

  it('AccessDenied names the action it is given; without a key it says in words which key to check', () => {
    const get = diagnoseCosError(403, cosOf('AccessDenied'), {}, { action: 'name/cos:GetObject' })
    expect(get.detail).toEqual({ action: 'name/cos:GetObject' })
    expect(get.message['zh-CN']).toContain('name/cos:GetObject')
    expect(get.message.en).toContain('name/cos:GetObject on the object key sent (form field key / URL path)')
    expect(get.message['zh-CN']).toContain('表单 key 字段或 URL 路径')
  })

  it('AccessDenied with neither key nor action names the actions to check, and prints no placeholder', () => {
    const unknown = diagnoseCosError(403, cosOf('AccessDenied'))
    expect(unknown.detail).toBeUndefined()
    for (const text of [unknown.message.en, unknown.message['zh-CN']]) {
      expect(text).toContain('name/cos:PostObject')
      expect(text).toContain('name/cos:GetObject')
      expect(text).not.toMatch(/<\w+>|\?/)
    }
    expectReadable(unknown)
  })

  it('AccessDenied shows the key against the allowed prefix when it is outside', () => {
    const outside = diagnoseCosError(403, cosOf('AccessDenied'), {}, { key: 'other/a.jpg', allowPrefix: ['uploads/', 'avatars/'] })
    expect(outside.code).toBe('key-outside-prefix')
    expect(outside.detail).toEqual({ key: 'other/a.jpg', allowPrefix: ['uploads/', 'avatars/'] })
    expect(outside.message.en).toContain('other/a.jpg')
    expect(outside.message.en).toContain('uploads/')
    const inside = diagnoseCosError(403, cosOf('AccessDenied'), {}, { key: 'uploads/a.jpg', allowPrefix: ['uploads/'] })
    expect(inside.code).toBe('access-denied')
    // COS doesn't say why: without a known allowPrefix the message names both the action and the key to check.
    const unknown = diagnoseCosError(403, cosOf('AccessDenied'), {}, { key: 'other/a.jpg', action: 'name/cos:PostObject' })
    expect(unknown.message.en).toContain('name/cos:PostObject on other/a.jpg')
    expect(unknown.message['zh-CN']).toContain('allowPrefix')
  })

  it('InvalidAccessKeyId is retryable (with fresh credentials) only for a temporary key', () => {
    expect(diagnoseCosError(403, cosOf('InvalidAccessKeyId'), {}, { usingTemporaryKey: true }).retryable).toBe(true)
    expect(diagnoseCosError(403, cosOf('InvalidAccessKeyId'), {}, { usingTemporaryKey: false }).retryable).toBe(false)
  })

  it('names the policy condition that failed', () => {
    expect(diagnoseCosError(403, cosOf('AccessDenied-condition')).detail).toEqual({ field: 'q-ak' })
  })

  it('"Request has expired" states the measured clock offset from the Date header', () => {
    const date = 'Tue, 14 Nov 2023 22:13:20 GMT'
    const nowMs = Date.parse(date) - 600_000
    const diagnosis = diagnoseCosError(403, cosOf('AccessDenied-expired'), { date }, { nowMs })
    expect(diagnosis.detail).toMatchObject({ clockOffsetMs: 600_000 })
    expect(diagnosis.message.en).toContain('+600 s')
    expect(diagnosis.message['zh-CN']).toContain('+600 s')
    expect(diagnosis.message.en).toMatch(/refresh/i)
    const unknown = diagnoseCosError(403, cosOf('AccessDenied-expired'), {}, { nowMs })
    expect(unknown.detail).toMatchObject({ clockOffsetMs: undefined })
  })

  it('RequestTimeTooSkewed states a device clock ahead as a negative offset', () => {
    const date = 'Tue, 14 Nov 2023 22:13:20 GMT'
    const diagnosis = diagnoseCosError(403, cosOf('RequestTimeTooSkewed'), { date }, { nowMs: Date.parse(date) + 3_600_000 })
    expect(diagnosis.detail).toMatchObject({ clockOffsetMs: -3_600_000 })
    expect(diagnosis.message.en).toContain('-3600 s')
  })

  describe('SignatureDoesNotMatch', () => {
    const base = {
      secretId: 'AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q', secretKey: 'BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz', method: 'put',
      headers: { 'Content-Length': '13', Host: 'examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com' },
      keyTime: '1700000000;1700000900',
    }

    it('points at the first differing HttpString line: the "+" the server read as a space', () => {
      const local = signRequestDetailed({ ...base, pathname: '/photos/a+b.jpg' })
      const diagnosis = diagnoseWithLocal(403, cosOf('SignatureDoesNotMatch'), {}, { local })
      expect(diagnosis.detail).toMatchObject({ field: 'HttpString', line: 2, local: '/photos/a+b.jpg', server: '/photos/a b.jpg' })
      expect(diagnosis.message.en).toContain('HttpString line 2')
      expect(diagnosis.message.en).toContain('%2B')
      expect(diagnosis.message.en).toContain('Content-Type')
    })

    it('points at StringToSign when only the key time differs', () => {
      const local = signRequestDetailed({ ...base, pathname: '/photos/a b.jpg', keyTime: '1700000000;1700000901' })
      expect(diagnoseWithLocal(403, cosOf('SignatureDoesNotMatch'), {}, { local }).detail)
        .toMatchObject({ field: 'StringToSign', line: 2, local: '1700000000;1700000901', server: '1700000000;1700000900' })
    })

    it('blames the SecretKey when both strings match', () => {
      const local = signRequestDetailed({ ...base, pathname: '/photos/a b.jpg' })
      expect(diagnoseWithLocal(403, cosOf('SignatureDoesNotMatch'), {}, { local }).code).toBe('secret-key-mismatch')
    })

    it('without local strings, says what to compare and keeps the server strings', () => {
      const diagnosis = diagnoseCosError(403, cosOf('SignatureDoesNotMatch'))
      expect(diagnosis.message.en).toContain('FormatString/StringToSign')
      expect((diagnosis.detail!.server as { httpString: string }).httpString).toContain('/photos/a b.jpg')
    })
  })

  describe('EntityTooLarge / EntityTooSmall: the size of the file sent, and the range to check', () => {
    it.each([
      ['EntityTooLarge', 'entity-too-large', 'max', '上限'],
      ['EntityTooSmall', 'entity-too-small', 'min', '下限'],
    ])('%s', (name, code, bound, zhBound) => {
      // COS's Message names no size; the uploader passes the size of the file it sent.
      const measured = diagnoseCosError(400, cosOf(name), {}, { size: 7340032 })
      expect(measured.code).toBe(code)
      expect(measured.detail).toEqual({ size: 7340032 })
      expect(measured.message.en).toContain('File (7340032 B)')
      expect(measured.message['zh-CN']).toContain('文件（7340032 字节）')
      for (const diagnosis of [measured, diagnoseCosError(400, cosOf(name))]) {
        expectReadable(diagnosis)
        expect(diagnosis.message.en).toContain(`content-length-range: check its ${bound}`)
        expect(diagnosis.message.en).toContain('the size the policy server was told')
        expect(diagnosis.message['zh-CN']).toContain(`content-length-range ${zhBound}`)
      }
    })

    it.each(['EntityTooLarge', 'EntityTooSmall'])('%s without the file size (the CLI explaining a bare body) still says what to check', (name) => {
      const diagnosis = diagnoseCosError(400, cosOf(name))
      expect(diagnosis.detail).toBeUndefined()
      expect(diagnosis.message.en).toMatch(/^File (over|under) the POST policy content-length-range: check its (max|min)/)
      expect(diagnosis.message['zh-CN']).toMatch(/^文件(超过|低于)上传策略 content-length-range/)
      expect(diagnosis.message.en + diagnosis.message['zh-CN']).not.toMatch(/\?|\d{2,}/)
    })
  })

  it('InvalidPolicyDocument names the required conditions, the expiration format and the base64 of the signed text', () => {
    const diagnosis = diagnoseCosError(400, cosOf('InvalidPolicyDocument'))
    for (const text of [diagnosis.message.en, diagnosis.message['zh-CN']]) {
      for (const part of ['q-sign-algorithm "sha1"', 'q-ak', 'q-sign-time', 'q-key-time', 'expiration', 'ISO 8601', 'base64']) {
        expect(text).toContain(part)
      }
    }
    expect(diagnosis.message.en).toContain('base64 of the exact JSON text signed')
    expect(diagnosis.message['zh-CN']).toContain('所签 JSON 原文的 base64')
  })

  it('EntityTooLarge points at maxSize, the client-side limit that stops such a file before it is sent', () => {
    const diagnosis = diagnoseCosError(400, cosOf('EntityTooLarge'))
    expect(diagnosis.message.en).toContain('keep maxSize ≤ it')
    expect(diagnosis.message['zh-CN']).toContain('maxSize 不应大于它')
  })

  it('MalformedPOSTRequest says: fields first, the file part last, named "file"', () => {
    const diagnosis = diagnoseCosError(400, cosOf('MalformedPOSTRequest'))
    expect(diagnosis.message.en).toContain('every field before the file part; the file part last, named "file"')
    expect(diagnosis.message['zh-CN']).toContain('所有字段须在文件之前；文件部分放最后，字段名为 "file"')
  })

  it('PathStyleDomainForbidden says to turn path style off and which domain to allowlist', () => {
    const diagnosis = diagnoseCosError(403, cosOf('PathStyleDomainForbidden'), {}, { domain: 'cos.ap-guangzhou.myqcloud.com', pathStyle: true })
    expect(diagnosis.detail).toEqual({ domain: 'examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com' })
    expect(diagnosis.message.en).toMatch(/path style/i)
    expect(diagnosis.message['zh-CN']).toContain('examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com')
  })

  it('any 5xx is retryable; unknown codes keep Code and Message', () => {
    expect(diagnoseCosError(503, { Code: 'SlowDown', Message: 'Please reduce your request rate.' }).retryable).toBe(true)
    const unknown = diagnoseCosError(400, cosOf('KeyTooLong'))
    expect(unknown.message.en).toBe('COS 400 KeyTooLong: Your key is too long.')
    expect(unknown.detail).toEqual({ status: 400, Code: 'KeyTooLong', Message: 'Your key is too long.' })
    const error = errorFromResponse({ statusCode: 400, headers: {}, data: fixture('KeyTooLong') })
    expect(error.requestId).toBe('NjU1ZjNlMDVfNTFhNzNiMGJfMjM5MF8zNTc4MDNi')
  })
})

describe('firstDifferingLine', () => {
  it('numbers lines from 1, ignores one final newline, 0 when equal', () => {
    expect(firstDifferingLine('a\nb\nc\n', 'a\nb\nc')).toBe(0)
    expect(firstDifferingLine('a\nb\nc\n', 'a\nB\nc\n')).toBe(2)
    expect(firstDifferingLine('a\nb\n', 'a\nb\nc\n')).toBe(3)
  })
})

describe('hostErrorFrom', () => {
  it.each([
    ['uploadFile:fail url not in domain list', 'uploadFile'],
    ['request:fail url not in domain list', 'request'],
    ['downloadFile:fail url not in domain list', 'downloadFile'],
  ])('%s names the domain and the %s allowlist, never retryable', (errMsg, list) => {
    const error = hostErrorFrom(errMsg, 'examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com')
    expect(error).toBeInstanceOf(HostError)
    expect(error.errMsg).toBe(errMsg)
    expect(error.code).toBe('domain-not-allowed')
    expect(error.retryable).toBe(false)
    expect(error.diagnosis.detail).toMatchObject({ list, domain: 'examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com' })
    expect(error.describe('en')).toContain(`examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com not in ${list} allowlist`)
    expectReadable(error.diagnosis)
  })

  it.each([
    ['chooseMedia:fail api scope is not declared in the privacy agreement', '选中的照片或视频信息'],
    ['chooseImage:fail api scope is not declared in the privacy agreement', '选中的照片或视频信息'],
    ['saveImageToPhotosAlbum:fail api scope is not declared in the privacy agreement', '相册（仅写入）权限'],
  ])('%s → declare “%s”', (errMsg, declare) => {
    const error = hostErrorFrom(errMsg)
    expect(error.code).toBe('privacy-scope-undeclared')
    expect(error.retryable).toBe(false)
    expect(error.describe('zh-CN')).toContain(declare)
    expect(error.describe('en')).toContain(declare)
  })

  it.each([
    ['saveImageToPhotosAlbum:fail privacy permission is not authorized', 'privacy-not-authorized', 'host', true],
    ['saveImageToPhotosAlbum:fail auth deny', 'permission-denied', 'host', false],
    ['authorize:fail auth deny', 'permission-denied', 'host', false],
    ['saveImageToPhotosAlbum:fail authorize:fail', 'permission-denied', 'host', false],
    ['uploadFile:fail timeout', 'network-error', 'network', true],
    ['request:fail socket time out', 'network-error', 'network', true],
    ['uploadFile:fail interrupted', 'network-error', 'network', true],
    ['uploadFile:fail socket hang up', 'network-error', 'network', true],
    ['uploadFile:fail connection reset by peer', 'network-error', 'network', true],
    ['uploadFile:fail ECONNRESET', 'network-error', 'network', true],
    ['uploadFile:fail 网络错误', 'network-error', 'network', true],
    ['uploadFile:fail undefined', 'network-error', 'network', true],
    ['uploadFile:fail abort', 'canceled', 'canceled', false],
    ['chooseMedia:fail cancel', 'canceled', 'canceled', false],
    ['uploadFile:fail ssl hand shake error', 'host-error', 'host', false],
  ])('%s → %s (kind %s, retryable %s)', (errMsg, code, kind, retryable) => {
    const error = hostErrorFrom(errMsg)
    expect(error.code).toBe(code)
    expect(error.kind).toBe(kind)
    expect(error.retryable).toBe(retryable)
    expect(error.errMsg).toBe(errMsg)
    if (code === 'host-error') expect(error.describe('en')).toBe(errMsg)
    else expectReadable(error.diagnosis)
  })
})
