import { resolveEndpoint, getObjectUrl, objectKeyFromUrl, objectSignPath, objectUrl } from '../../../src/lib/core/url'
import { localKeyTime, signRequest } from '../../../src/lib/core/sign'
import { randomKey, seededRandom } from '../../support/random-requests'

const virtual = resolveEndpoint({ bucket: 'examplebucket-1250000000', region: 'ap-guangzhou' })
const pathStyle = resolveEndpoint({ bucket: 'examplebucket-1250000000', region: 'ap-guangzhou', forcePathStyle: true })

describe('objectUrl', () => {
  it('escapes every byte but / — `+` travels as %2B, space as %20', () => {
    expect(objectUrl(virtual, 'photos/a b+c.jpg')).toBe('https://examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com/photos/a%20b%2Bc.jpg')
    expect(objectUrl(virtual, "x/!'()*~%#?&=;:@,$.jpg"))
      .toBe('https://examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com/x/%21%27%28%29%2A~%25%23%3F%26%3D%3B%3A%40%2C%24.jpg')
    expect(objectUrl(virtual, '相册/😀.png')).toBe('https://examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com/%E7%9B%B8%E5%86%8C/%F0%9F%98%80.png')
    expect(objectUrl(virtual, 'a//b')).toBe('https://examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com/a//b')
  })

  it('puts the bucket in the path in path style', () => {
    expect(objectUrl(pathStyle, 'a+b.jpg')).toBe('https://cos.ap-guangzhou.myqcloud.com/examplebucket-1250000000/a%2Bb.jpg')
  })

  it('decodes back to the key, and escapes everything but unreserved characters and /', () => {
    const random = seededRandom(20261122)
    const keys = ['a b+c.jpg', '相册/😀 %20.png', "(!)*'"]
    for (let i = 0; i < 500; i++) keys.push(randomKey(random).replace(/^\/+/, '') || 'k')
    for (const key of keys) {
      const path = objectUrl(virtual, key).slice(virtual.baseUrl.length)
      expect(decodeURIComponent(path)).toBe(key)
      expect(path).toMatch(/^(?:[A-Za-z0-9\-_.~/]|%[0-9A-F]{2})*$/)
    }
  })
})

describe('objectSignPath', () => {
  it('is the raw key under the sign prefix', () => {
    expect(objectSignPath(virtual, 'a b+c.jpg')).toBe('/a b+c.jpg')
    expect(objectSignPath(pathStyle, 'a b+c.jpg')).toBe('/examplebucket-1250000000/a b+c.jpg')
    expect(objectSignPath(virtual, '')).toBe('/')
  })
})

describe('getObjectUrl', () => {
  const credentials = { secretId: 'AKIDexample', secretKey: 'sk' }
  const keyTime = '1700000000;1700000900'

  it('is the plain URL without credentials', () => {
    expect(getObjectUrl({ endpoint: virtual, key: 'a+b.jpg' })).toBe(objectUrl(virtual, 'a+b.jpg'))
  })

  it('appends the query-string signature over GET, the key path and host', () => {
    const url = getObjectUrl({ endpoint: pathStyle, key: 'a+b.jpg', credentials, keyTime })
    const authorization = signRequest({ ...credentials, method: 'GET', pathname: '/examplebucket-1250000000/a+b.jpg',
      headers: { host: 'cos.ap-guangzhou.myqcloud.com' }, keyTime })
    expect(url).toBe(`https://cos.ap-guangzhou.myqcloud.com/examplebucket-1250000000/a%2Bb.jpg?${authorization}`)
  })

  it('appends the encoded security token', () => {
    const url = getObjectUrl({ endpoint: virtual, key: 'a.jpg', credentials: { ...credentials, sessionToken: 'a+b/c=' }, keyTime })
    expect(url.endsWith('&q-signature=' + new URL(url).searchParams.get('q-signature') + '&x-cos-security-token=a%2Bb%2Fc%3D')).toBe(true)
  })

  it('defaults keyTime to the device clock, valid for 900 s', () => {
    const now = jest.spyOn(Date, 'now').mockReturnValue(1700000000000)
    try {
      const url = getObjectUrl({ endpoint: virtual, key: 'a.jpg', credentials })
      expect(new URL(url).searchParams.get('q-key-time')).toBe(localKeyTime(1700000000000))
    } finally {
      now.mockRestore()
    }
  })

  it('rejects a bad key', () => {
    expect(() => getObjectUrl({ endpoint: virtual, key: '/a.jpg' })).toThrow(expect.objectContaining({ code: 'invalid-key' }))
  })
})

describe('objectKeyFromUrl', () => {
  const endpoints = {
    virtual,
    pathStyle,
    emulatorVirtual: resolveEndpoint({ bucket: 'examplebucket-1250000000', region: 'ap-guangzhou', endpoint: 'http://{bucket}.cos.{region}.localhost:9000' }),
    emulatorPath: resolveEndpoint({ bucket: 'legacybucket-1250000000', region: 'ap-guangzhou', forcePathStyle: true, endpoint: 'http://cos.{region}.localhost:9000' }),
    cdn: resolveEndpoint({ bucket: 'examplebucket-1250000000', region: 'ap-guangzhou', endpoint: 'https://img.example.com' }),
  }

  it('gives back the key of every URL objectUrl and getObjectUrl build, in each addressing style', () => {
    const random = seededRandom(20261201)
    // A first segment shaped like a bucket name stays part of the key outside path style.
    const keys = ['a b+c.jpg', '相册/😀 %20.png', 'uploads/2026/12/01/x.png', 'a//b', 'backup-2024/a.jpg']
    for (let i = 0; i < 200; i++) keys.push(randomKey(random).replace(/^\/+/, '') || 'k')
    const credentials = { secretId: 'AKIDexample', secretKey: 'secret', sessionToken: 'token' }
    for (const [name, endpoint] of Object.entries(endpoints)) {
      for (const key of keys) {
        expect([name, objectKeyFromUrl(objectUrl(endpoint, key))]).toEqual([name, key])
        expect([name, objectKeyFromUrl(getObjectUrl({ endpoint, key, credentials }))]).toEqual([name, key])
      }
    }
  })

  it('names no key for a bucket root, a non-http URL or a broken escape', () => {
    expect(objectKeyFromUrl('https://examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com/')).toBeUndefined()
    expect(objectKeyFromUrl('https://cos.ap-guangzhou.myqcloud.com/examplebucket-1250000000/')).toBeUndefined()
    expect(objectKeyFromUrl('wxfile://tmp/a.jpg')).toBeUndefined()
    expect(objectKeyFromUrl('https://examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com/%E0%A4%A')).toBeUndefined()
  })
})
