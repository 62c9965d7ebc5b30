// The H5 host of both adapters (Taro H5 and uni-app H5 take the same path, hosts/h5.ts) under jsdom: picking through
// the browser's own file input keeps each File, and the upload posts that File with XHR + FormData (jsdom's XHR is
// real HTTP) to the local COS emulator (path style on 127.0.0.1: jsdom can't resolve *.localhost here). The same path
// in real Chromium: test/e2e/h5-transport.test.ts and the demo's e2e.
import { randomBytes } from 'node:crypto'
// jsdom has no fetch, which the H5 host's HEAD and downloads use: the polyfill @tarojs/taro-h5 also installs, over
// jsdom's XHR (real HTTP). In Chromium: test/e2e/h5-transport.test.ts.
import 'whatwg-fetch'
import { type HostError } from '../../src/lib/core/errors'
import { type UploadProgress } from '../../src/lib/core/transport'
import { startEmulator } from '../../server/emulator'
import type { RunningEmulator } from '../../server/emulator'
import { ADAPTERS, callsTo, loadHost } from '../support/fake-hosts'
import { LEGACY_BUCKET, signedPostForm } from '../support/fake-hosts/cos-form'

// Real HTTP on a shared 2-core machine: allow for load.
jest.setTimeout(30_000)

let emulator: RunningEmulator
// jsdom has no object URLs: a blob: URL that maps back to its blob here.
const blobs = new Map<string, Blob>()
const created: Blob[] = []

beforeAll(async () => {
  emulator = await startEmulator({ quiet: true, buckets: [{ name: LEGACY_BUCKET, pathStyle: true, publicRead: true }] })
  Object.assign(URL, {
    createObjectURL(blob: Blob) {
      created.push(blob)
      const url = `blob:http://localhost/${blobs.size + 1}`
      blobs.set(url, blob)
      return url
    },
    revokeObjectURL: () => undefined,
  })
})

afterAll(async () => {
  await emulator.close()
})

function photo(name: string, size: number): { file: File; bytes: Buffer } {
  const bytes = randomBytes(size)
  return { file: new File([new Uint8Array(bytes)], name, { type: 'image/png' }), bytes }
}

/** The file input the host opened, once it was clicked (a dialog would open). */
async function openedInput(): Promise<HTMLInputElement> {
  const started = Date.now()
  for (;;) {
    const input = document.querySelector<HTMLInputElement>('input[type=file]')
    if (input) return input
    if (Date.now() - started > 10_000) throw new Error('no file input opened')
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

/** What the user does in the browser's file dialog. */
async function pickInBrowser(files: File[] | 'cancel') {
  const input = await openedInput()
  if (files === 'cancel') return void input.dispatchEvent(new Event('cancel'))
  Object.defineProperty(input, 'files', { configurable: true, value: files })
  input.dispatchEvent(new Event('change'))
}

/** jsdom's Blob has no arrayBuffer(). */
function readBlob(blob: Blob): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(Buffer.from(reader.result as ArrayBuffer))
    reader.onerror = () => reject(reader.error)
    reader.readAsArrayBuffer(blob)
  })
}

describe.each(ADAPTERS)('%s H5: the browser directly', (adapter) => {
  it('picks with a file input (image/*, multiple), keeps each File as it is, trims to `count`, and leaves no input behind', async () => {
    const { hosts } = loadHost('h5', undefined, adapter)
    const files = [photo('a.png', 100), photo('b.png', 200), photo('c.png', 300)]
    created.length = 0
    const click = jest.spyOn(HTMLInputElement.prototype, 'click')
    const picking = hosts.chooseImages({ count: 2 })
    // Opened within the call, so within the user's tap.
    expect(click).toHaveBeenCalledTimes(1)
    click.mockRestore()
    const input = await openedInput()
    expect([input.accept, input.multiple, input.hasAttribute('capture')]).toEqual(['image/*', true, false])
    await pickInBrowser(files.map((f) => f.file))
    const picked = await picking
    expect(picked).toEqual([
      { path: expect.stringMatching(/a\.png$/), size: 100, type: 'image/png', name: 'a.png', file: files[0].file },
      { path: expect.stringMatching(/b\.png$/), size: 200, type: 'image/png', name: 'b.png', file: files[1].file },
    ])
    expect(picked[0].path).not.toBe(picked[1].path)
    // Nothing read, no object URL made, no thumbnail drawn.
    expect(created).toEqual([])
    expect(document.querySelector('input[type=file]')).toBeNull()
  })

  it('takes more than 20 at once (a file input has no cap); one file: no `multiple`; camera only: `capture`', async () => {
    const { hosts } = loadHost('h5', undefined, adapter)
    const many = Array.from({ length: 30 }, (_, i) => photo(`${i}.png`, 10).file)
    const picking = hosts.chooseImages({ count: 30 })
    await pickInBrowser(many)
    expect(await picking).toHaveLength(30)
    const one = hosts.chooseImages({ count: 1, sourceType: ['camera'] })
    const input = await openedInput()
    expect([input.multiple, input.getAttribute('capture')]).toEqual([false, 'environment'])
    await pickInBrowser([many[0]])
    expect(await one).toHaveLength(1)
  })

  it('closing the file dialog is a silent cancel', async () => {
    const { hosts } = loadHost('h5', undefined, adapter)
    const picking = hosts.chooseImages({ count: 1 })
    await pickInBrowser('cancel')
    await expect(picking).resolves.toEqual([])
    expect(document.querySelector('input[type=file]')).toBeNull()
  })

  it('posts the picked File itself: exact bytes stored, withCredentials off, ETag and request id read, progress rises', async () => {
    const { hosts, device } = loadHost('h5', undefined, adapter)
    const { file, bytes } = photo('photo.png', 256 * 1024)
    const picking = hosts.chooseImages({ count: 1 })
    await pickInBrowser([file])
    const [picked] = await picking

    const key = `h5/${adapter}-${Date.now()}.png`
    const { url, formData } = signedPostForm(emulator, key, 'path')
    const send = jest.spyOn(XMLHttpRequest.prototype, 'send')
    const task = hosts.uploadForm({ url, formData, filePath: picked.path, fileName: picked.name, file: picked.file, timeout: 20_000 })
    const events: UploadProgress[] = []
    task.onProgress((p) => events.push(p))
    const response = await task.response
    const bodies = send.mock.calls.map(([body], i) => ({ body, withCredentials: send.mock.contexts[i].withCredentials }))
    send.mockRestore()

    expect(response.statusCode).toBe(204)
    expect(await emulator.readObject(LEGACY_BUCKET, key)).toEqual(bytes)
    expect(response.headers.etag).toMatch(/^"[0-9a-f]{32}"$/)
    expect(response.headers['x-cos-request-id']).toEqual(expect.any(String))
    // One POST, its body the FormData holding the very File; the framework's own uploadFile is never called.
    expect(bodies).toEqual([{ body: expect.any(FormData), withCredentials: false }])
    expect((bodies[0].body as FormData).get('file')).toEqual(expect.objectContaining({ name: 'photo.png', size: file.size }))
    if (device) expect(callsTo(device, 'uploadFile')).toEqual([])
    // jsdom's XHR reports upload progress once the answer starts, 0 of 0 for a FormData body: unknown progress is
    // 0 %, never NaN. Byte-level progress: test/e2e/h5-transport.test.ts in Chromium.
    expect(events.length).toBeGreaterThan(0)
    events.forEach((event, i) => {
      expect(Number.isFinite(event.percent)).toBe(true)
      if (i) expect(event.percent).toBeGreaterThanOrEqual(events[i - 1].percent)
    })
  })

  it('a refused connection is a retryable network error (uploadFile:fail), and abort a cancel', async () => {
    const { hosts } = loadHost('h5', undefined, adapter)
    const file = photo('photo.png', 10).file
    // Nothing listens on the discard port.
    const refused = await hosts.uploadForm({ url: 'http://127.0.0.1:9/', formData: {}, filePath: 'h5file://1/0/photo.png', file }).response
      .then(() => undefined, (error: HostError) => error)
    expect([refused?.errMsg, refused?.kind, refused?.retryable]).toEqual(['uploadFile:fail', 'network', true])

    const key = `h5/${adapter}-aborted-${Date.now()}.png`
    const { url, formData } = signedPostForm(emulator, key, 'path')
    const task = hosts.uploadForm({ url, formData, filePath: 'h5file://1/0/big.png', file: photo('big.png', 8 * 1024 * 1024).file })
    task.abort()
    const aborted = await task.response.then(() => undefined, (error: HostError) => error)
    expect(aborted?.kind).toBe('canceled')
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(await emulator.readObject(LEGACY_BUCKET, key)).toBeUndefined()
  })

  it('saving a COS URL downloads it (no credentials) and hands the browser a same-origin blob: "downloaded", never "saved"', async () => {
    const { hosts, device } = loadHost('h5', undefined, adapter)
    const { file, bytes } = photo('save.png', 4096)
    const key = `h5/save-${adapter}-${Date.now()}.png`
    const { url, formData } = signedPostForm(emulator, key, 'path')
    await hosts.uploadForm({ url, formData, filePath: 'h5file://1/0/save.png', file }).response
    const objectUrl = `${url}${key}`
    const clicked: string[] = []
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.href)
    })
    try {
      await expect(hosts.saveImageToAlbum(objectUrl)).resolves.toBe('downloaded')
    } finally {
      click.mockRestore()
    }
    expect(clicked).toEqual([expect.stringMatching(/^blob:http:\/\/localhost\//)])
    // Downloaded by the browser's fetch (here whatwg-fetch over jsdom's XHR: real HTTP), not by the framework's.
    expect(await readBlob(blobs.get(clicked[0])!)).toEqual(bytes)
    if (device) expect(callsTo(device, 'downloadFile')).toEqual([])
  })

  it("HEAD and the dialog are the browser's too: the framework's API object is never read", async () => {
    const { hosts, uni } = loadHost('h5', undefined, adapter)
    // uni's members the adapter could read (uni.ts uniApi), watched. Taro H5's are module exports, which can't be
    // spied on: that no Taro H5 API is even referenced shows in the H5 build's size (bench/app-size.js).
    const names = ['request', 'downloadFile', 'showModal', 'getSystemInfoSync', 'getAppBaseInfo', 'getSetting', 'authorize', 'chooseMedia', 'chooseImage', 'uploadFile']
    const watched = uni ? names.filter((name) => typeof uni[name] === 'function') : []
    if (uni) expect(watched).toEqual(expect.arrayContaining(['request', 'downloadFile', 'showModal', 'uploadFile']))
    const spies = watched.map((name) => jest.spyOn(uni!, name))
    const { file } = photo('head.png', 2048)
    const key = `h5/head-${adapter}-${Date.now()}.png`
    const { url, formData } = signedPostForm(emulator, key, 'path')
    await hosts.uploadForm({ url, formData, filePath: 'h5file://1/0/head.png', file }).response
    const answer = await hosts.head({ url: `${url}${key}` })
    expect(answer).toMatchObject({ statusCode: 200, headers: { 'content-length': '2048' } })
    await expect(hosts.head({ url: `${url}${key}.missing` })).resolves.toMatchObject({ statusCode: 404 })

    const closed = hosts.showModal({ title: '上传失败', content: 'AccessDenied' })
    const dialog = document.querySelector('.cos-uploader__dialog [role=dialog]')!
    expect(dialog.textContent).toContain('AccessDenied')
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }))
    await closed
    expect(document.querySelector('.cos-uploader__dialog')).toBeNull()
    for (const spy of spies) expect(spy).not.toHaveBeenCalled()
    spies.forEach((spy) => spy.mockRestore())
  })
})
