// The H5 host's own browser path at the host boundary, in real Chromium against the COS emulator: the adapters' H5
// API object (hosts/h5.ts browserApi over an empty framework) bundled by esbuild into a page. Picking through the
// browser's file chooser keeps each File; uploadForm posts that File with XHR + FormData. Checked here: exact bytes,
// upload progress that only rises (throttled upload), the ETag the bucket's CORS exposes, withCredentials off, abort
// stores nothing, the idle timeout ends a stalled request, an HTTP error is an answer, a refused connection a
// network error. HEAD and downloads go through the browser's fetch (an HTTP status is an answer; a 403's COS error is
// read back), and showModal is the library's own DOM dialog (keyboard, focus). The whole component: demo.e2e.test.ts.
import { createHash } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'esbuild'
import type { CDPSession, Page } from 'playwright-core'
import { startDemoServer, type RunningDemoServer } from '../../server/demo-server'
import { startEmulator, type RunningEmulator } from '../../server/emulator'
import { launchChromium, type LaunchedChromium } from '../support/chromium'
import { BUCKET, LEGACY_BUCKET, signedPostForm } from '../support/fake-hosts/cos-form'
import { noisePng } from './support/png'

jest.setTimeout(60_000)

let emulator: RunningEmulator
let site: RunningDemoServer
let siteDir: string
let browser: LaunchedChromium
/** The page under test and its DevTools session (upload throttling). */
let tab: { page: Page; cdp: CDPSession }

const ENTRY = `
import { hostOn } from './src/lib/hosts/host'
import { browserApi } from './src/lib/hosts/h5'
const host = hostOn({ api: browserApi(), id: 'h5' })
const page = window as any
page.host = host
page.picked = []
document.getElementById('pick')!.addEventListener('click', () => {
  page.picking = host.chooseImages({ count: 9 }).then((files: unknown[]) => (page.picked = files))
})
// uploadForm in the page: the answer or the error, every progress event, and each POST's withCredentials.
page.upload = (request: any, abortAfterMs?: number) => {
  const sent: boolean[] = []
  const send = XMLHttpRequest.prototype.send
  XMLHttpRequest.prototype.send = function (this: XMLHttpRequest, body?: any) {
    sent.push(this.withCredentials)
    return send.call(this, body)
  }
  const file = page.picked[request.index]
  const task = host.uploadForm({ ...request, filePath: file.path, fileName: file.name, file: file.file })
  XMLHttpRequest.prototype.send = send
  const progress: Array<{ loaded: number; total: number; percent: number }> = []
  task.onProgress((p: any) => progress.push(p))
  if (abortAfterMs !== undefined) setTimeout(() => task.abort(), abortAfterMs)
  return task.response.then(
    (response: any) => ({ response, progress, sent }),
    (error: any) => ({ error: { name: error.name, kind: error.kind, errMsg: error.errMsg, retryable: error.retryable }, progress, sent }))
}
const failure = (error: any) => ({ error: { name: error.name, kind: error.kind, code: error.code, cosCode: error.cos?.Code, errMsg: error.errMsg } })
page.head = (url: string) => host.head({ url }).then((answer: unknown) => ({ answer }), failure)
// The downloaded temp path (an object URL) and the SHA-256 of what it holds.
page.download = (url: string) => host.download(url).then(async (path: string) => {
  const digest = await crypto.subtle.digest('SHA-256', await (await fetch(path)).arrayBuffer())
  return { path, sha256: Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('') }
}, failure)
page.dialog = (options: any) => {
  page.dialogClosed = false
  host.showModal(options).then(() => (page.dialogClosed = true))
}
`

beforeAll(async () => {
  // The legacy bucket public-read: HEAD and GET answer without a signature; the other one answers them 403.
  emulator = await startEmulator({ quiet: true, buckets: [BUCKET, { name: LEGACY_BUCKET, pathStyle: true, publicRead: true }] })
  siteDir = await fs.mkdtemp(join(tmpdir(), 'h5-transport-page-'))
  const bundle = await build({ stdin: { contents: ENTRY, loader: 'ts', resolveDir: join(__dirname, '..', '..') }, bundle: true, format: 'iife', write: false })
  await fs.writeFile(join(siteDir, 'host.js'), bundle.outputFiles[0].text)
  await fs.writeFile(join(siteDir, 'index.html'), '<!doctype html><meta charset="utf-8"><button id="pick">pick</button><script src="/host.js"></script>')
  site = await startDemoServer({ root: siteDir })
  browser = await launchChromium()
  const page = await browser.context.newPage()
  tab = { page, cdp: await browser.context.newCDPSession(page) }
  await tab.cdp.send('Network.enable')
  await tab.page.goto(site.url)
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await Promise.all([site?.close(), emulator?.close()])
  if (siteDir) await fs.rm(siteDir, { recursive: true, force: true })
})

afterEach(async () => {
  emulator.setFaults({ stallRate: 0 })
  await tab.cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 })
})

const IMAGES = [1, 2].map((seed) => ({ name: `photo-${seed}.png`, mimeType: 'image/png', buffer: noisePng(300, 300, seed) }))
const sha256 = (bytes?: Buffer) => (bytes ? createHash('sha256').update(bytes).digest('hex') : 'missing')

async function pickInChooser(files: typeof IMAGES) {
  const [chooser] = await Promise.all([tab.page.waitForEvent('filechooser'), tab.page.click('#pick')])
  await chooser.setFiles(files)
  return tab.page.evaluate(() => (window as any).picking.then((files: any[]) => files.map((f) => ({
    path: f.path, name: f.name, size: f.size, type: f.type, isFile: f.file instanceof File, sameSize: f.file.size === f.size }))))
}

type Outcome = { response?: { statusCode: number; headers: Record<string, string>; data: string }; error?: { name: string; kind: string; errMsg: string; retryable: boolean }
  progress: Array<{ loaded: number; total: number; percent: number }>; sent: boolean[] }

const upload = (request: object, abortAfterMs?: number): Promise<Outcome> =>
  tab.page.evaluate(([r, ms]) => (window as any).upload(r, ms), [request, abortAfterMs] as const)

it('picks through the file chooser keeping each File, and posts it: exact bytes, rising progress, ETag, no credentials', async () => {
  const picked = await pickInChooser(IMAGES)
  expect(picked).toEqual(IMAGES.map((image) => ({
    path: expect.not.stringMatching(/^(blob|data|https?):/), name: image.name, size: image.buffer.length, type: 'image/png', isFile: true, sameSize: true,
  })))
  // About 270 KB at 200 KB/s: progress comes in steps.
  await tab.cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 200 * 1024 })
  const key = `uploads/h5-transport/${Date.now()}.png`
  const { url, formData } = signedPostForm(emulator, key)
  const { response, progress, sent } = await upload({ url, formData, index: 0 })

  expect(response?.statusCode).toBe(204)
  expect(sha256(await emulator.readObject(BUCKET, key))).toBe(sha256(IMAGES[0].buffer))
  expect(response?.headers.etag).toBe(`"${createHash('md5').update(IMAGES[0].buffer).digest('hex')}"`)
  expect(sent).toEqual([false])
  const percents = progress.map((p) => p.percent)
  expect(percents.filter((p) => p > 0 && p < 100).length).toBeGreaterThanOrEqual(2)
  percents.forEach((p, i) => expect(p).toBeGreaterThanOrEqual(i ? percents[i - 1] : 0))
  expect(percents[percents.length - 1]).toBe(100)
  expect(progress[progress.length - 1].total).toBeGreaterThan(IMAGES[0].buffer.length)
})

it('abort mid-upload rejects as canceled and stores nothing', async () => {
  await pickInChooser(IMAGES)
  await tab.cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 50 * 1024 })
  const key = `uploads/h5-transport/aborted-${Date.now()}.png`
  const { url, formData } = signedPostForm(emulator, key)
  const { error, progress } = await upload({ url, formData, index: 1 }, 1500)
  expect(error).toMatchObject({ name: 'HostError', kind: 'canceled' })
  expect(progress.length).toBeGreaterThan(0)
  await new Promise((resolve) => setTimeout(resolve, 500))
  expect(await emulator.readObject(BUCKET, key)).toBeUndefined()
})

it('a request that stalls ends after idleTimeout as a retryable network error; nothing is stored', async () => {
  await pickInChooser(IMAGES)
  emulator.setFaults({ stallRate: 1 })
  const key = `uploads/h5-transport/stalled-${Date.now()}.png`
  const { url, formData } = signedPostForm(emulator, key)
  const started = Date.now()
  const { error } = await upload({ url, formData, index: 0, idleTimeout: 1000 })
  expect(error).toMatchObject({ kind: 'network', errMsg: 'uploadFile:fail timeout', retryable: true })
  expect(Date.now() - started).toBeLessThan(10_000)
  emulator.setFaults({ stallRate: 0 })
  expect(await emulator.readObject(BUCKET, key)).toBeUndefined()
})

it('an HTTP error is an answer (COS\'s XML), a refused connection a retryable network error', async () => {
  await pickInChooser(IMAGES)
  const key = `uploads/h5-transport/denied-${Date.now()}.png`
  const { url, formData } = signedPostForm(emulator, key)
  const denied = await upload({ url, formData: { ...formData, 'q-signature': '0'.repeat(40) }, index: 0 })
  expect(denied.response?.statusCode).toBe(403)
  expect(denied.response?.data).toContain('<Code>SignatureDoesNotMatch</Code>')
  // Nothing listens on the discard port.
  const refused = await upload({ url: 'http://127.0.0.1:9/', formData, index: 0 })
  expect(refused.error).toMatchObject({ kind: 'network', errMsg: 'uploadFile:fail', retryable: true })
})

/** IMAGES[index] uploaded into the public-read bucket: its base URL (path style) and key. */
async function storedInPublicBucket(name: string, index: number) {
  await pickInChooser(IMAGES)
  const key = `uploads/h5-transport/${name}-${Date.now()}.png`
  const { url, formData } = signedPostForm(emulator, key, 'path')
  expect((await upload({ url, formData, index })).response?.statusCode).toBe(204)
  return { url, key }
}

it('HEAD through fetch: 200 with the exposed headers, 404 an answer too, a refused connection a network error', async () => {
  const { url, key } = await storedInPublicBucket('head', 0)
  const head = (target: string) => tab.page.evaluate((u) => (window as any).head(u), target)
  const found = await head(`${url}${key}`)
  expect(found.answer).toMatchObject({ statusCode: 200, headers: {
    etag: `"${createHash('md5').update(IMAGES[0].buffer).digest('hex')}"`, 'content-length': String(IMAGES[0].buffer.length),
  } })
  expect((await head(`${url}${key}.missing`)).answer).toMatchObject({ statusCode: 404 })
  expect((await head('http://127.0.0.1:9/a.png')).error).toMatchObject({ kind: 'network', errMsg: 'request:fail' })
})

it('download through fetch: the exact bytes behind an object URL; a 403 is COS\'s AccessDenied, read back', async () => {
  const { url, key } = await storedInPublicBucket('download', 1)
  const download = (target: string) => tab.page.evaluate((u) => (window as any).download(u), target)
  const saved = await download(`${url}${key}`)
  expect(saved.path).toMatch(/^blob:/)
  expect(saved.sha256).toBe(sha256(IMAGES[1].buffer))
  // The private bucket answers an unsigned GET 403 with COS's XML.
  const virtual = signedPostForm(emulator, key).url
  expect((await download(`${virtual}${key}`)).error).toMatchObject({ name: 'CosServiceError', code: 'access-denied', cosCode: 'AccessDenied' })
})

it('showModal is a DOM dialog: title and text, focus on its button, closed by the button, Enter or Escape, focus back', async () => {
  const dialog = tab.page.locator('.cos-uploader__dialog [role=dialog]')
  await tab.page.focus('#pick')
  for (const close of ['button', 'Enter', 'Escape']) {
    await tab.page.evaluate(() => (window as any).dialog({ title: '上传失败', content: 'AccessDenied\n第二行' }))
    await dialog.waitFor({ state: 'visible', timeout: 5000 })
    expect(await dialog.locator('.cos-uploader__dialog-title').textContent()).toBe('上传失败')
    expect(await dialog.locator('.cos-uploader__dialog-text').innerText()).toBe('AccessDenied\n第二行')
    expect(await tab.page.evaluate(() => document.activeElement?.className)).toBe('cos-uploader__dialog-confirm')
    expect(await tab.page.evaluate(() => (window as any).dialogClosed)).toBe(false)
    if (close === 'button') await dialog.locator('button').click()
    else await tab.page.keyboard.press(close)
    await tab.page.waitForFunction(() => (window as any).dialogClosed === true, undefined, { timeout: 5000 })
    expect(await tab.page.locator('.cos-uploader__dialog').count()).toBe(0)
    expect(await tab.page.evaluate(() => document.activeElement?.id)).toBe('pick')
  }
})
