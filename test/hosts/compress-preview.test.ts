// compressImage only where the host really compresses (Alipay's signature adapted), previewImage everywhere.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { type HostError } from '../../src/lib/core/errors'
import { addPhoto, callsTo, createFakeHost, loadHost, tempPath } from '../support/fake-hosts'
import type { MiniHost } from '../support/fake-hosts'

// Each test loads Taro (taro-h5 takes a second or two) on a shared 2-core machine.
jest.setTimeout(20_000)

function setup(host: MiniHost, missing: string[] = []) {
  const { api, device } = createFakeHost(host, { profile: { missing } })
  const photo = addPhoto(device, 'photo.jpg', 3000)
  return { device, photo, path: tempPath(device, 'photo.jpg'), ...loadHost(host, api) }
}

const failure = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected a failure') }, (e: HostError) => e)

describe('compressImage', () => {
  it.each(['weapp', 'qq', 'tt', 'swan', 'jd'] as MiniHost[])('%s: {src, quality} → the compressed temp file', async (host) => {
    const { hosts, device, photo, path } = setup(host)
    const out = await hosts.compressImage(path, 60)
    expect(callsTo(device, 'compressImage')).toEqual([expect.objectContaining({ src: path, quality: 60 })])
    expect(out).not.toBe(path)
    expect(readFileSync(join(device.dir, out.slice(device.tempPrefix.length)))).toEqual(photo.bytes)
  })

  it.each([[95, 2], [80, 1], [20, 0]])('Alipay: quality %i → {apFilePaths, compressLevel: %i} (Taro does not adapt it)', async (quality, level) => {
    const { hosts, device, path } = setup('alipay')
    const out = await hosts.compressImage(path, quality)
    expect(callsTo(device, 'compressImage')).toEqual([expect.objectContaining({ apFilePaths: [path], compressLevel: level })])
    expect(out).toMatch(/^https:\/\/resource\/compressed_/)
  })

  it('default quality 80', async () => {
    const { hosts, device, path } = setup('weapp')
    await hosts.compressImage(path)
    expect(callsTo(device, 'compressImage')[0].quality).toBe(80)
  })

  it('a base library without compressImage → api-missing', async () => {
    const { hosts, path } = setup('swan', ['compressImage'])
    expect((await failure(hosts.compressImage(path))).code).toBe('api-missing')
  })

  it.each([-1, 101, Number.NaN])('quality %p is refused before calling the host', async (quality) => {
    const { hosts, device, path, errors } = setup('weapp')
    await expect(hosts.compressImage(path, quality)).rejects.toBeInstanceOf(errors.InvalidInputError)
    expect(device.calls).toEqual([])
  })

  it('H5: unsupported with the reason — Taro\'s stub would "succeed" without a file', async () => {
    const { hosts, errors } = loadHost('h5')
    const error = await failure(hosts.compressImage('blob:http://localhost/1'))
    expect(error).toBeInstanceOf(errors.HostError)
    expect(error.kind).toBe('unsupported')
    expect(error.code).toBe('compress-unsupported')
  })
})

describe('previewImage', () => {
  it('weapp: urls and current (default: the first)', async () => {
    const { hosts, device } = setup('weapp')
    await hosts.previewImage(['https://a/1.jpg', 'https://a/2.jpg'])
    await hosts.previewImage(['https://a/1.jpg', 'https://a/2.jpg'], 'https://a/2.jpg')
    expect(callsTo(device, 'previewImage')).toEqual([
      expect.objectContaining({ urls: ['https://a/1.jpg', 'https://a/2.jpg'], current: 'https://a/1.jpg' }),
      expect.objectContaining({ current: 'https://a/2.jpg' }),
    ])
  })

  it('Alipay: Taro turns `current` into the index my.previewImage wants', async () => {
    const { hosts, device } = setup('alipay')
    await hosts.previewImage(['https://a/1.jpg', 'https://a/2.jpg'], 'https://a/2.jpg')
    expect(callsTo(device, 'previewImage')[0]).toMatchObject({ current: 1 })
  })

  it('no URLs → InvalidInputError', async () => {
    const { hosts, errors } = setup('weapp')
    await expect(hosts.previewImage([])).rejects.toBeInstanceOf(errors.InvalidInputError)
  })
})
