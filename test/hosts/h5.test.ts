// The real @tarojs/taro-h5 under jsdom: picking through its hidden <input type=file>, then a real XHR multipart
// upload to the local COS emulator (path style on 127.0.0.1: jsdom can't resolve *.localhost here), with progress.
import { randomBytes } from 'node:crypto'
import { type UploadProgress } from '../../src/lib/core/transport'
import { startEmulator } from '../../server/emulator'
import type { RunningEmulator } from '../../server/emulator'
import { loadHost } from '../support/fake-hosts'
import { BUCKET, LEGACY_BUCKET, signedPostForm } from '../support/fake-hosts/cos-form'

// Real HTTP on a shared 2-core machine: allow for load.
jest.setTimeout(30_000)

let emulator: RunningEmulator
// jsdom has no object URLs. For a picked File taro-h5 only needs one its XHR can GET back as a blob: a data: URL of
// the same bytes. Other blobs (downloads) get a blob: URL that maps back to the blob here.
const dataUrls = new WeakMap<Blob, string>()
const blobs = new Map<string, Blob>()
function createObjectURL(blob: Blob): string {
  const url = dataUrls.get(blob) ?? `blob:http://localhost/${blobs.size + 1}`
  blobs.set(url, blob)
  return url
}

beforeAll(async () => {
  emulator = await startEmulator({ quiet: true, buckets: [BUCKET, { name: LEGACY_BUCKET, pathStyle: true, publicRead: true }] })
  Object.assign(URL, { createObjectURL, revokeObjectURL: () => undefined })
  // jsdom never decodes images or draws: taro-h5 reads img.complete/width and makes a canvas thumbnail (a JPEG data URL).
  Object.defineProperty(HTMLImageElement.prototype, 'complete', { configurable: true, get: () => true })
  Object.assign(HTMLCanvasElement.prototype, { getContext: () => ({ drawImage: () => undefined }), toDataURL: () => 'data:image/jpeg;base64,dGh1bWI=' })
})

afterAll(async () => {
  await emulator.close()
})

function photo(name: string, size: number): { file: File; bytes: Buffer } {
  const bytes = randomBytes(size)
  const file = new File([new Uint8Array(bytes)], name, { type: 'image/png' })
  dataUrls.set(file, `data:image/png;base64,${bytes.toString('base64')}`)
  return { file, bytes }
}

/** What the user does in the browser's file dialog that taro-h5's hidden input opens. */
async function pickInBrowser(files: File[] | 'cancel') {
  const input = await waitFor(() => document.getElementById('taroChooseMedia') as HTMLInputElement | null)
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

async function waitFor<T>(get: () => T | null): Promise<T> {
  const started = Date.now()
  for (let value = get(); ; value = get()) {
    if (value) return value
    if (Date.now() - started > 10_000) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

it('picks with the real hidden input, trims to `count` (H5 cannot cap it) and normalises', async () => {
  const { hosts } = loadHost('h5')
  const files = [photo('a.png', 100), photo('b.png', 200), photo('c.png', 300)]
  const picking = hosts.chooseImages({ count: 2 })
  await pickInBrowser(files.map((f) => f.file))
  const picked = await picking
  expect(picked).toEqual([
    { path: expect.stringMatching(/^data:image\/png/), size: 100, type: 'image/png', name: 'a.png', thumbPath: 'data:image/jpeg;base64,dGh1bWI=' },
    { path: expect.stringMatching(/^data:image\/png/), size: 200, type: 'image/png', name: 'b.png', thumbPath: 'data:image/jpeg;base64,dGh1bWI=' },
  ])
})

it('closing the file dialog is a silent cancel', async () => {
  const { hosts } = loadHost('h5')
  const picking = hosts.chooseImages({ count: 1 })
  await pickInBrowser('cancel')
  await expect(picking).resolves.toEqual([])
})

it('uploads the picked file\'s real bytes to the emulator with withCredentials off, and progress arrives', async () => {
  const { hosts } = loadHost('h5')
  const { file, bytes } = photo('photo.png', 256 * 1024)
  const picking = hosts.chooseImages({ count: 1 })
  await pickInBrowser([file])
  const [picked] = await picking

  const key = `h5/${Date.now()}.png`
  const { url, formData } = signedPostForm(emulator, key, 'path')
  const send = jest.spyOn(XMLHttpRequest.prototype, 'send')
  const task = hosts.uploadForm({ url, formData, filePath: picked.path, fileName: picked.name, timeout: 20_000 })
  const events: UploadProgress[] = []
  task.onProgress((p) => events.push(p))
  const response = await task.response
  const credentials = send.mock.calls.flatMap(([body], i) => (body instanceof FormData ? [send.mock.contexts[i].withCredentials] : []))
  send.mockRestore()

  expect(response.statusCode).toBe(204)
  expect(await emulator.readObject(LEGACY_BUCKET, key)).toEqual(bytes)
  expect(response.headers.etag).toMatch(/^"[0-9a-f]{32}"$/)
  expect(response.headers['x-cos-request-id']).toEqual(expect.any(String))
  expect(credentials).toEqual([false])
  // jsdom's XHR reports upload progress once, when the answer starts: loaded = total = the request's Content-Length,
  // which it doesn't know for a FormData body, so taro-h5 passes 0 of 0 (and progress NaN). Unknown progress is 0 %,
  // never NaN. Byte-level progress: the fake-host tests and the Chromium e2e.
  expect(events.length).toBeGreaterThan(0)
  expect(events[events.length - 1]).toEqual({ loaded: 0, total: 0, percent: 0 })
  events.forEach((event, i) => {
    if (i) expect(event.percent).toBeGreaterThanOrEqual(events[i - 1].percent)
  })
})

it('saving a COS URL downloads it (no credentials) and hands the browser a same-origin blob: "downloaded", never "saved"', async () => {
  const { hosts } = loadHost('h5')
  const bytes = randomBytes(4096)
  const key = `h5/save-${Date.now()}.png`
  const { url, formData } = signedPostForm(emulator, key, 'path')
  await hosts.uploadForm({ url, formData, filePath: `data:image/png;base64,${bytes.toString('base64')}` }).response
  const objectUrl = `${url}${key}`
  const clicked: string[] = []
  const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    clicked.push(this.href)
  })
  const send = jest.spyOn(XMLHttpRequest.prototype, 'send')
  try {
    await expect(hosts.saveImageToAlbum(objectUrl)).resolves.toBe('downloaded')
  } finally {
    click.mockRestore()
  }
  expect(send.mock.contexts.map((xhr) => xhr.withCredentials)).toEqual([false])
  send.mockRestore()
  expect(clicked).toEqual([expect.stringMatching(/^blob:http:\/\/localhost\//)])
  expect(await readBlob(blobs.get(clicked[0])!)).toEqual(bytes)
})
