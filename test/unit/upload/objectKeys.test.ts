import { InvalidInputError } from '../../../src/lib/core/errors'
import { checkObjectKey, defaultObjectKey, fileExtension } from '../../../src/lib/core/upload/keys'

const NOW = Date.UTC(2026, 0, 5, 23, 59, 30) // 2026-01-05 in UTC (already the 6th in Beijing)

function sequence(...values: number[]): () => number {
  let i = 0
  return () => values[i++ % values.length]
}

describe('fileExtension', () => {
  it.each([
    [{ path: 'wxfile://tmp_8c1e.JPG', size: 1 }, 'jpg'],
    [{ path: 'http://tmp/a.b/c', size: 1, name: 'photo.webp' }, 'webp'],
    [{ path: 'blob:http://localhost/7d1c-99', size: 1, type: 'image/jpeg' }, 'jpg'],
    [{ path: 'blob:http://localhost/7d1c-99', size: 1, type: 'image/png' }, 'png'],
    [{ path: 'C:\\photos\\cat.heic', size: 1 }, 'heic'],
    [{ path: 'https://tmp/x.png?v=1', size: 1 }, 'png'],
    [{ path: 'https://resource/1a2b.jpeg', size: 1, type: 'image/png' }, 'jpeg'],
    [{ path: 'bdfile://tmp/a.BMP', size: 1 }, 'bmp'],
    // Alipay temp paths end in `.image`: not an extension to keep.
    [{ path: 'https://resource/1a2b.image', size: 1 }, 'jpg'],
    [{ path: 'https://resource/1a2b.image', size: 1, type: 'image/png' }, 'png'],
    [{ path: 'https://resource/1a2b.image', size: 1, type: 'image/gif', name: 'cat.webp' }, 'webp'],
    [{ path: 'https://resource/1a2b.image', size: 1, type: 'image/svg+xml' }, 'svg'],
    // What the Alipay host layer returns: the name is the temp path's last segment, the type unknown.
    [{ path: 'https://resource/apml95.image', size: 1, type: 'image/*', name: 'apml95.image' }, 'jpg'],
    [{ path: 'blob:http://localhost/1', size: 1, type: 'image/tiff', name: 'scan.tiff' }, 'tiff'],
    [{ path: 'http://tmp/x.tmp', size: 1, type: 'image/*' }, 'jpg'],
    [{ path: 'ttfile://tmp/noext', size: 1 }, 'jpg'],
    [{ path: 'ttfile://tmp/noext', size: 1, type: 'application/pdf' }, 'jpg'],
    [{ path: 'ttfile://tmp/noext', size: 1, name: 'noext' }, 'jpg'],
  ])('%j → %s', (file, ext) => {
    expect(fileExtension(file)).toBe(ext)
  })
})

describe('defaultObjectKey', () => {
  it('is <prefix><yyyy>/<mm>/<dd>/<16 random base-36 chars>.<ext>, dated in UTC', () => {
    const key = defaultObjectKey({ path: 'wxfile://tmp_1.png', size: 3 }, 'uploads/', NOW, sequence(0, 0.5, 0.999999))
    expect(key).toBe('uploads/2026/01/05/0iz0iz0iz0iz0iz0.png')
  })

  it('differs for different random draws; an Alipay `.image` temp path without a type gets .jpg', () => {
    const a = defaultObjectKey({ path: 'https://resource/x.image', size: 1 }, '', NOW, sequence(0.1))
    const b = defaultObjectKey({ path: 'https://resource/x.image', size: 1 }, '', NOW, sequence(0.2))
    expect(a).toMatch(/^2026\/01\/05\/[0-9a-z]{16}\.jpg$/)
    expect(a).not.toBe(b)
  })
})

describe('checkObjectKey', () => {
  it('accepts a key under one of the allowed prefixes (a trailing * is a wildcard)', () => {
    expect(() => checkObjectKey('uploads/a.png', ['avatars/', 'uploads/*'])).not.toThrow()
    expect(() => checkObjectKey('anything.png')).not.toThrow()
  })

  it('rejects a key outside every allowed prefix with a diagnosis naming both', () => {
    let error: unknown
    try {
      checkObjectKey('photos/a.png', ['uploads/'])
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(InvalidInputError)
    const { diagnosis } = error as InvalidInputError
    expect(diagnosis.code).toBe('key-outside-prefix')
    expect(diagnosis.retryable).toBe(false)
    expect(diagnosis.detail).toEqual({ key: 'photos/a.png', allowPrefix: ['uploads/'] })
    expect(diagnosis.message.en).toContain('photos/a.png')
    expect(diagnosis.message['zh-CN']).toContain('uploads/')
  })

  it('rejects an invalid key through validateObjectKey', () => {
    expect(() => checkObjectKey('/uploads/a.png', ['/uploads/'])).toThrow(expect.objectContaining({ code: 'invalid-key' }))
    expect(() => checkObjectKey('')).toThrow(InvalidInputError)
  })
})
