import { resolveEndpoint, parseHttpUrl as splitHttpUrl, validateBucket, validateRegion, CosLocation, validateObjectKey } from '../../../src/lib/core/url'
import { InvalidInputError } from '../../../src/lib/core/errors'

const bucket = 'examplebucket-1250000000'
const region = 'ap-guangzhou'

describe('resolveEndpoint', () => {
  it.each<[string, Partial<CosLocation>, string, string, string]>([
    ['official virtual-hosted', {}, `https://${bucket}.cos.${region}.myqcloud.com/`, `${bucket}.cos.${region}.myqcloud.com`, ''],
    ['official path style', { forcePathStyle: true }, `https://cos.${region}.myqcloud.com/${bucket}/`, `cos.${region}.myqcloud.com`, `/${bucket}`],
    ['http protocol', { protocol: 'http:' }, `http://${bucket}.cos.${region}.myqcloud.com/`, `${bucket}.cos.${region}.myqcloud.com`, ''],
    ['emulator template', { endpoint: 'http://{bucket}.cos.{region}.localhost:9000' },
      `http://${bucket}.cos.${region}.localhost:9000/`, `${bucket}.cos.${region}.localhost:9000`, ''],
    ['SDK-cased template without scheme', { endpoint: '{Bucket}.cos.{Region}.myqcloud.com' },
      `https://${bucket}.cos.${region}.myqcloud.com/`, `${bucket}.cos.${region}.myqcloud.com`, ''],
    ['template, path style', { endpoint: 'http://cos.{region}.localhost:9000', forcePathStyle: true },
      `http://cos.${region}.localhost:9000/${bucket}/`, `cos.${region}.localhost:9000`, `/${bucket}`],
    ['custom domain as-is', { endpoint: 'https://img.example.com/' }, 'https://img.example.com/', 'img.example.com', ''],
    ['custom domain without scheme uses protocol', { endpoint: 'img.example.com', protocol: 'http:' }, 'http://img.example.com/', 'img.example.com', ''],
    ['custom domain, path style', { endpoint: 'https://cos-proxy.example.com:8443', forcePathStyle: true },
      `https://cos-proxy.example.com:8443/${bucket}/`, 'cos-proxy.example.com:8443', `/${bucket}`],
    ['upper-case host is normalised', { endpoint: 'HTTPS://IMG.Example.com' }, 'https://img.example.com/', 'img.example.com', ''],
  ])('%s', (_name, change, baseUrl, host, signPathPrefix) => {
    const resolved = resolveEndpoint({ bucket, region, ...change })
    expect(resolved).toEqual({ bucket, region, pathStyle: !!change.forcePathStyle, baseUrl, host, signPathPrefix })
  })

  it.each([
    ['a path', 'https://img.example.com/cos'],
    ['a query', 'https://img.example.com/?a=1'],
    ['another scheme', 'ftp://img.example.com'],
    ['an empty host', 'https://'],
    ['spaces', 'https://img example.com'],
    ['an empty string', ''],
  ])('rejects an endpoint with %s', (_name, endpoint) => {
    const attempt = () => resolveEndpoint({ bucket, region, endpoint })
    expect(attempt).toThrow(InvalidInputError)
    expect(attempt).toThrow(expect.objectContaining({ code: 'invalid-endpoint' }))
  })

  it('validates bucket and region first', () => {
    expect(() => resolveEndpoint({ bucket: 'examplebucket', region })).toThrow(expect.objectContaining({ code: 'invalid-bucket' }))
    expect(() => resolveEndpoint({ bucket, region: 'Guangzhou' })).toThrow(expect.objectContaining({ code: 'invalid-region' }))
  })
})

describe('validateBucket', () => {
  it.each(['examplebucket-1250000000', 'a-1', 'my-photos-2024-1250000000', '0-125', 'a'.repeat(50) + '-1250000000'])('accepts %s', (name) => {
    expect(() => validateBucket(name)).not.toThrow()
  })

  it.each(['', 'examplebucket', 'Example-1250000000', 'example_bucket-1250000000', '-a-1250000000', 'a--1250000000',
    'a-', 'example.bucket-1250000000', 'examplebucket-12500x', 'a'.repeat(51) + '-1250000000', 'a b-1250000000'])('rejects %j', (name) => {
    try {
      validateBucket(name)
      throw new Error(`accepted ${name}`)
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInputError)
      expect((error as InvalidInputError).code).toBe('invalid-bucket')
      expect((error as InvalidInputError).diagnosis.detail).toEqual({ bucket: name })
      expect((error as InvalidInputError).describe('zh-CN')).toMatch(/APPID/)
    }
  })
})

describe('validateRegion', () => {
  it.each(['ap-guangzhou', 'ap-shanghai-fsi', 'na-siliconvalley', 'ap-beijing-1', 'accelerate'])('accepts %s', (name) => {
    expect(() => validateRegion(name)).not.toThrow()
  })

  it.each(['', 'AP-Guangzhou', 'ap_guangzhou', 'ap-guangzhou.', 'ap-', '-ap', 'ap guangzhou', 'a'.repeat(41), 'ap/x'])('rejects %j', (name) => {
    expect(() => validateRegion(name)).toThrow(expect.objectContaining({ code: 'invalid-region' }))
  })
})

describe('validateObjectKey', () => {
  it.each(['a.jpg', 'dir/sub/a b+c.jpg', '相册/😀.png', "!'()*~%#?&=;:@,$", 'a//b', 'x'.repeat(850), '腾'.repeat(283)])('accepts %j', (key) => {
    expect(() => validateObjectKey(key)).not.toThrow()
  })

  it.each([
    ['empty', ''],
    ['leading slash', '/a.jpg'],
    ['control character', 'a\nb'],
    ['control character', 'a\u0000'],
    ['control character', 'a\u007f'],
    ['lone surrogate', 'a\ud800'],
    ['lone surrogate', '\udc00a'],
    ['lone surrogate', '\ud83d\ud83d'],
    ['too long', 'x'.repeat(851)],
    ['too long', '腾'.repeat(284)],
    ['too long', '😀'.repeat(213)],
  ])('rejects %s', (reason, key) => {
    expect(() => validateObjectKey(key)).toThrow(expect.objectContaining({ code: 'invalid-key', diagnosis: expect.objectContaining({ detail: { key, reason } }) }))
  })

  it('counts astral characters as four bytes', () => {
    expect(() => validateObjectKey('😀'.repeat(212) + 'xx')).not.toThrow()
    expect(() => validateObjectKey('😀'.repeat(212) + 'xxx')).toThrow(InvalidInputError)
  })
})

describe('splitHttpUrl', () => {
  it('splits scheme, host and the rest without a URL class', () => {
    expect(splitHttpUrl('https://Sts.Example.com:8443/sts?x=1')).toEqual({ protocol: 'https:', host: 'sts.example.com:8443', rest: '/sts?x=1' })
    expect(splitHttpUrl('mailto:a@b')).toBeUndefined()
  })
})
