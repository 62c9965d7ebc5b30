// compressImage only where the host really compresses (Alipay's signature adapted), previewImage everywhere (on H5 a
// light viewer of our own: Taro H5's brings its swiper into every app), and the host's own dialog.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { type HostError } from '../../src/lib/core/errors'
import { ADAPTERS, addPhoto, callsTo, createFakeHost, loadHost, tempPath } from '../support/fake-hosts'
import type { Adapter, MiniHost } from '../support/fake-hosts'

// Each test loads Taro (taro-h5 takes a second or two) on a shared 2-core machine.
jest.setTimeout(20_000)

describe.each(ADAPTERS)('%s adapter', (adapter: Adapter) => {
  function setup(host: MiniHost, missing: string[] = []) {
    const { api, device } = createFakeHost(host, { profile: { missing } })
    const photo = addPhoto(device, 'photo.jpg', 3000)
    return { device, photo, path: tempPath(device, 'photo.jpg'), ...loadHost(host, api, adapter) }
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

    it.each([[95, 2], [80, 1], [20, 0]])('Alipay: quality %i → {apFilePaths, compressLevel: %i} (Taro does not adapt it; uni maps quality its own way)', async (quality, level) => {
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
      const { hosts, errors } = loadHost('h5', undefined, adapter)
      const error = await failure(hosts.compressImage('blob:http://localhost/1'))
      expect(error).toBeInstanceOf(errors.HostError)
      expect(error.kind).toBe('unsupported')
      expect(error.code).toBe('compress-unsupported')
    })
  })

  describe('showModal', () => {
    it('weapp: one button, title and content as given; resolves when it is closed', async () => {
      const { hosts, device } = setup('weapp')
      await expect(hosts.showModal({ title: '上传失败', content: 'AccessDenied', confirmText: '知道了' })).resolves.toBeUndefined()
      expect(callsTo(device, 'showModal')).toEqual([expect.objectContaining({ title: '上传失败', content: 'AccessDenied', confirmText: '知道了', showCancel: false })])
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

    describe('H5: our own viewer over the page', () => {
      const URLS = ['https://a/1.jpg', 'https://a/2.jpg', 'https://a/3.jpg']
      const viewer = () => document.querySelector<HTMLElement>('[role=dialog].cos-uploader__preview')
      const shown = () => ({ src: viewer()!.querySelector('img')!.getAttribute('src'), counter: viewer()!.textContent })
      const key = (name: string) => document.dispatchEvent(new KeyboardEvent('keydown', { key: name }))
      const swipe = (from: number, to: number) => {
        viewer()!.dispatchEvent(new MouseEvent('pointerdown', { clientX: from }))
        viewer()!.dispatchEvent(new MouseEvent('pointerup', { clientX: to }))
      }

      it('opens at `current`, moves with arrow keys and swipes (wrapping), closes on a tap', async () => {
        const { hosts } = loadHost('h5', undefined, adapter)
        await hosts.previewImage(URLS, 'https://a/2.jpg')
        expect(viewer()!.getAttribute('aria-modal')).toBe('true')
        expect(document.activeElement).toBe(viewer())
        expect(shown()).toEqual({ src: 'https://a/2.jpg', counter: '2 / 3' })
        key('ArrowRight')
        expect(shown()).toEqual({ src: 'https://a/3.jpg', counter: '3 / 3' })
        swipe(300, 200)
        expect(shown()).toEqual({ src: 'https://a/1.jpg', counter: '1 / 3' })
        swipe(100, 200)
        key('ArrowLeft')
        expect(shown()).toEqual({ src: 'https://a/2.jpg', counter: '2 / 3' })
        swipe(150, 155)
        expect(viewer()).toBeNull()
      })

      it('Escape closes; opening again replaces the open viewer; one image has no counter', async () => {
        const { hosts } = loadHost('h5', undefined, adapter)
        await hosts.previewImage(URLS)
        await hosts.previewImage(['https://a/only.jpg'])
        expect(document.querySelectorAll('.cos-uploader__preview')).toHaveLength(1)
        expect(shown()).toEqual({ src: 'https://a/only.jpg', counter: '' })
        swipe(300, 100)
        expect(viewer()).toBeNull()
        await hosts.previewImage(URLS, 'https://a/not-listed.jpg')
        expect(shown().src).toBe('https://a/1.jpg')
        key('Escape')
        expect(viewer()).toBeNull()
        key('ArrowRight')
        expect(viewer()).toBeNull()
      })
    })
  })
})
