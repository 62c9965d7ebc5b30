// The demo's real H5 build (dist/h5) in Debian Chromium, uploading to the COS emulator with keys from the STS
// service, all on free ports: the demo server tells the page the STS address (/demo-config.json), and the STS service
// the emulator's (GET /bucket), so this runs next to `npm start`.
// Pick 3 images through the file chooser, watch progress rise under a throttled upload, find the exact bytes in
// the emulator, see the thumbnails load from the uploaded objects, save one (a browser download on H5), then
// provoke AccessDenied with an out-of-prefix scope, read its diagnosis in the dialog a tap on the failed tile opens,
// and retry once the scope is fixed. Screenshots of the success and the error state go to test/artifacts/.
import { createHash } from 'node:crypto'
import { existsSync, promises as fs } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { startDemoServer, type RunningDemoServer } from '../../server/demo-server'
import { startEmulator, type RunningEmulator } from '../../server/emulator'
import { DEFAULT_SCOPE, startSts, type RunningSts } from '../../server/sts'
import { DEMO_STS_PRESETS } from '../../config/demo-env'
import { noisePng } from './support/png'
import { launchChromium, type LaunchedChromium } from '../support/chromium'

const ROOT = join(__dirname, '..', '..')
const DIST = join(ROOT, 'dist', 'h5')
const ARTIFACTS = join(ROOT, 'test', 'artifacts')
const BUCKET = 'examplebucket-1250000000'
// About 300 KB each: at 400 KB/s (three uploads sharing it) each takes a couple of seconds.
const IMAGES = [1, 2, 3].map((seed) => ({ name: `photo-${seed}.png`, mimeType: 'image/png', buffer: noisePng(320, 320, seed) }))
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

let emulator: RunningEmulator
let sts: RunningSts
let site: RunningDemoServer
let browser: LaunchedChromium
let page: Page

beforeAll(async () => {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error('dist/h5 is missing: run `npm run build:h5` first (npm test builds it)')
  emulator = await startEmulator({ quiet: true })
  site = await startDemoServer({ root: DIST, stsUrl: () => sts?.url })
  sts = await startSts({ emulator, quiet: true, corsOrigins: [site.url.replace(/\/$/, '')], presets: DEMO_STS_PRESETS })
  await fs.mkdir(ARTIFACTS, { recursive: true })
  browser = await launchChromium({ acceptDownloads: true, viewport: { width: 480, height: 800 } })
  page = await browser.context.newPage()
}, 60000)

afterAll(async () => {
  await browser?.close()
  await Promise.all([sts?.close(), site?.close(), emulator?.close()])
})

// A test that narrows the STS scope and then fails must not leave every later upload refused.
afterEach(() => sts?.setScope(DEFAULT_SCOPE))

async function openBasicDemo() {
  await page.goto(`${site.url.replace(/\/$/, '')}/#/pages/basic/index`)
  await page.getByLabel('添加图片').waitFor({ timeout: 20000 })
}

async function pickImages(files: typeof IMAGES) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByLabel('添加图片').click()])
  await chooser.setFiles(files)
}

/** Every "上传中 N%" the tiles show, recorded in the page as it happens. */
async function recordProgress() {
  await page.evaluate(() => {
    const seen: number[][] = []
    ;(window as unknown as { progressSeen: number[][] }).progressSeen = seen
    new MutationObserver(() => {
      document.querySelectorAll('.cos-uploader__tile').forEach((tile, index) => {
        const match = /(\d+)%/.exec(tile.querySelector('.cos-uploader__status')?.textContent || '')
        if (!match) return
        const list = (seen[index] ||= [])
        if (list[list.length - 1] !== Number(match[1])) list.push(Number(match[1]))
      })
    }).observe(document.body, { subtree: true, childList: true, characterData: true })
  })
}

const doneTiles = () => page.locator('.cos-uploader__tile--done')

/**
 * Taps a failed tile's short status and reads the host dialog it opens (on H5 the library's own, hosts/h5-dialog.ts),
 * as `title` and the lines of its text; `close` taps its one button.
 */
async function openDiagnosis(failedTile: ReturnType<Page['locator']>) {
  await failedTile.locator('.cos-uploader__error').click()
  const modal = page.locator('.cos-uploader__dialog [role=dialog]')
  await modal.waitFor({ state: 'visible', timeout: 5000 })
  // Focus is on its button, so Enter or Escape closes it too (test/e2e/h5-transport.test.ts).
  await page.waitForFunction(() => document.activeElement?.classList.contains('cos-uploader__dialog-confirm'), undefined, { timeout: 5000, polling: 50 })
  const title = await modal.locator('.cos-uploader__dialog-title').textContent()
  const lines = (await modal.locator('.cos-uploader__dialog-text').textContent())!.split('\n')
  const close = async () => {
    await modal.locator('.cos-uploader__dialog-confirm').click()
    await page.locator('.cos-uploader__dialog').waitFor({ state: 'detached', timeout: 5000 })
  }
  return { title, lines, close }
}

it("the home page shows the STS address the demo server gave and the emulator's address the STS service gave", async () => {
  await page.goto(`${site.url.replace(/\/$/, '')}/#/pages/index/index`)
  const status = page.locator('.sts-status', { hasText: sts.url })
  await status.waitFor({ timeout: 20000 })
  expect(await status.textContent())
    .toBe(`STS ${sts.url} → ${BUCKET} · ${emulator.region} · http://{bucket}.cos.{region}.localhost:${emulator.port}`)
})

it('uploads 3 picked images with visible progress, exact bytes, thumbnails from the objects, and a save', async () => {
  await openBasicDemo()
  const cdp = await browser.context.newCDPSession(page)
  await cdp.send('Network.enable')
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 400 * 1024 })
  await recordProgress()

  await pickImages(IMAGES)
  await page.waitForFunction(() => document.querySelectorAll('.cos-uploader__tile--done').length === 3, undefined, { timeout: 60000, polling: 100 })
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 })

  const progress = await page.evaluate(() => (window as unknown as { progressSeen: number[][] }).progressSeen)
  const rising = progress.filter((values) => values.filter((value) => value > 0 && value < 100).length >= 2)
  expect(rising.length).toBeGreaterThan(0)
  for (const values of rising) expect([...values].sort((a, b) => a - b)).toEqual(values)

  // Thumbnails: the <img> of each tile loads from the uploaded object (a signed URL: the bucket is private).
  const thumbnails = page.locator('.cos-uploader__tile--done img')
  await page.waitForFunction(() => Array.from(document.querySelectorAll('.cos-uploader__tile--done img'))
    .every((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0), undefined, { timeout: 20000, polling: 100 })
  const srcs = await thumbnails.evaluateAll((imgs) => imgs.map((img) => (img as HTMLImageElement).src))
  expect(srcs).toHaveLength(3)
  const origin = `http://${BUCKET}.cos.${emulator.region}.localhost:${emulator.port}/`
  for (const src of srcs) {
    expect(src.startsWith(origin)).toBe(true)
    expect(src).toContain('q-signature=')
  }
  expect(await thumbnails.evaluateAll((imgs) => imgs.map((img) => (img as HTMLImageElement).naturalWidth))).toEqual([320, 320, 320])

  // The emulator holds the exact bytes of every picked file. (Which comes first is the picker's business: Taro H5's
  // chooseMedia lists files in the order their thumbnails finish, not the order they were chosen in.)
  const keys = srcs.map((src) => decodeURIComponent(src.slice(origin.length).split('?')[0]))
  for (const key of keys) expect(key.startsWith('uploads/basic/')).toBe(true)
  const stored = await Promise.all(keys.map((key) => emulator.readObject(BUCKET, key)))
  expect(stored.map((bytes) => bytes && sha256(bytes)).sort()).toEqual(IMAGES.map((image) => sha256(image.buffer)).sort())

  await page.screenshot({ path: join(ARTIFACTS, 'demo-success.png'), fullPage: true })

  // Preview: the library's own light viewer on H5 (not Taro H5's swiper), showing the tapped object; Escape closes it.
  await thumbnails.nth(1).click()
  const viewer = page.locator('[role=dialog].cos-uploader__preview')
  await viewer.waitFor({ timeout: 5000 })
  await page.waitForFunction(() => (document.querySelector('.cos-uploader__preview img') as HTMLImageElement | null)?.naturalWidth === 320,
    undefined, { timeout: 10000, polling: 100 })
  expect(await viewer.locator('img').getAttribute('src')).toBe(srcs[1])
  expect(await viewer.textContent()).toBe('2 / 3')
  await page.keyboard.press('Escape')
  await viewer.waitFor({ state: 'detached', timeout: 5000 })

  // Save: on H5 a browser download of the object, reported as "downloaded", never "saved".
  const [download] = await Promise.all([page.waitForEvent('download'), doneTiles().first().getByText('保存到相册').click()])
  const downloaded = await fs.readFile((await download.path())!)
  expect(sha256(downloaded)).toBe(sha256(stored[0]!))
  await doneTiles().first().getByText('已下载').waitFor()
  expect(await page.getByText('已保存到相册').count()).toBe(0)
}, 120000)

it('shows the AccessDenied diagnosis for a key outside the scope, and retry succeeds once the scope is fixed', async () => {
  sts.setScope({ ...DEFAULT_SCOPE, allowPrefix: ['elsewhere/'] })
  await openBasicDemo()
  await pickImages([IMAGES[1]])
  const failed = page.locator('.cos-uploader__tile--error')
  await failed.waitFor({ timeout: 20000 })
  // The tile says only that it failed; a tap shows the whole diagnosis, with COS's Code and RequestId.
  expect(await failed.locator('.cos-uploader__error').textContent()).toBe('上传失败 · 点按查看')
  const diagnosis = await openDiagnosis(failed)
  expect(diagnosis.title).toBe('上传失败')
  expect(diagnosis.lines[0]).toMatch(/^无权限：STS 策略需允许对 uploads\/basic\/\S+ 执行 name\/cos:PostObject/)
  expect(diagnosis.lines.slice(1, 2)).toEqual(['Code: AccessDenied'])
  expect(diagnosis.lines[2]).toMatch(/^RequestId: \S+$/)
  await page.screenshot({ path: join(ARTIFACTS, 'demo-error.png'), fullPage: true })
  await diagnosis.close()

  sts.setScope(DEFAULT_SCOPE)
  await failed.getByText('重试').click()
  await doneTiles().first().waitFor({ timeout: 20000 })
  expect(await page.locator('.cos-uploader__tile--error').count()).toBe(0)
  const src = await doneTiles().first().locator('img').getAttribute('src')
  const key = decodeURIComponent(src!.split('?')[0].replace(/^https?:\/\/[^/]+\//, ''))
  expect(sha256((await emulator.readObject(BUCKET, key))!)).toBe(sha256(IMAGES[1].buffer))
}, 120000)

describe('the error playground: each scenario ends in the diagnosis it promises', () => {
  const logLines = () => page.locator('.demo-log').allTextContents()

  async function runScenario(id: string, files: typeof IMAGES) {
    // A fresh load, so the event log holds this scenario's lines only: going to the URL the page is already on (a
    // hash route) navigates within the document, keeping the last scenario's log, whose lines were then read.
    await page.goto('about:blank')
    await page.goto(`${site.url.replace(/\/$/, '')}/#/pages/errors/index`)
    await page.locator(`.scenario-${id}`).click()
    const bodies: string[] = []
    const onBody = (event: { url: string }) => bodies.push(event.url)
    emulator.events.on('request-body-start', onBody)
    try {
      await pickImages(files)
      await page.waitForFunction(() => document.querySelectorAll('.demo-log').length > 0, undefined, { timeout: 30000, polling: 100 })
      return { lines: await logLines(), uploadsSent: bodies.length }
    } finally {
      emulator.events.off('request-body-start', onBody)
    }
  }

  const errorCode = (lines: string[]) => /^([a-z-]+): /.exec(lines[0] ?? '')?.[1]

  it.each([
    ['wrong-prefix', 'access-denied', 'private/'],
    ['wrong-action', 'access-denied', 'name/cos:PostObject'],
    ['expired-key', 'request-expired', '签名已过期'],
    // The STS preset runs an hour ahead; the Date header has whole seconds.
    ['clock-skew', 'signature-not-yet-valid', /\+(3599|3600|3601) s/],
  ])('%s: COS refuses, the tile and onError carry %s, naming %s', async (id, code, named) => {
    const { lines, uploadsSent } = await runScenario(id, [IMAGES[0]])
    expect(errorCode(lines)).toBe(code)
    expect(lines[0]).toMatch(named)
    expect(uploadsSent).toBeGreaterThan(0)
    const diagnosis = await openDiagnosis(page.locator('.cos-uploader__tile--error'))
    expect(diagnosis.lines[0]).toBe(lines[0].slice(code.length + 2))
    await diagnosis.close()
    expect(await doneTiles().count()).toBe(0)
  }, 60000)

  it('allowlist: a key outside allowPrefix fails before any request', async () => {
    const { lines, uploadsSent } = await runScenario('allowlist', [IMAGES[0]])
    expect(errorCode(lines)).toBe('key-outside-prefix')
    expect(lines[0]).toContain('uploads/allowed/')
    expect(uploadsSent).toBe(0)
  }, 60000)

  it('oversize: only the file over maxSize is refused, the other uploads', async () => {
    const small = { name: 'small.png', mimeType: 'image/png', buffer: noisePng(64, 64, 9) }
    await runScenario('oversize', [IMAGES[0], small])
    await doneTiles().first().waitFor({ timeout: 20000 })
    const oversize = page.locator('.demo-log', { hasText: 'onOversize:' })
    await oversize.waitFor({ timeout: 5000 })
    expect(await oversize.allTextContents()).toEqual([`onOversize: ${IMAGES[0].name} ${IMAGES[0].buffer.length} B`])
    expect(await doneTiles().count()).toBe(1)
    expect(await page.locator('.cos-uploader__tile').count()).toBe(1)
  }, 60000)
})

describe('the other demo pages, end to end', () => {
  const open = async (pagePath: string) => {
    await page.goto(`${site.url.replace(/\/$/, '')}/#/pages/${pagePath}/index`)
    await page.getByLabel('添加图片').waitFor({ timeout: 20000 })
  }
  /** Object keys from the page's "done <key> (<size> B)" log lines. */
  const doneKeys = async () => (await page.locator('.demo-log').allTextContents())
    .map((line) => /^done (\S+) \(/.exec(line)?.[1]).filter((key): key is string => Boolean(key))

  it('path style: the legacy bucket stores the exact bytes, addressed as <region domain>/<bucket>/<key>', async () => {
    await open('path-style')
    const posts: string[] = []
    const onBody = (event: { url: string }) => posts.push(event.url)
    emulator.events.on('request-body-start', onBody)
    try {
      await pickImages([IMAGES[2]])
      await doneTiles().first().waitFor({ timeout: 20000 })
    } finally {
      emulator.events.off('request-body-start', onBody)
    }
    expect(posts).toEqual(['/legacybucket-1250000000/'])
    const [key] = await doneKeys()
    expect(key.startsWith('uploads/path-style/')).toBe(true)
    expect(sha256((await emulator.readObject('legacybucket-1250000000', key))!)).toBe(sha256(IMAGES[2].buffer))
  }, 60000)

  it('server-signed policy: uploaded with fields from POST /post-policy', async () => {
    await open('policy')
    await pickImages([IMAGES[0]])
    await doneTiles().first().waitFor({ timeout: 20000 })
    const [key] = await doneKeys()
    expect(key.startsWith('uploads/policy/')).toBe(true)
    expect(sha256((await emulator.readObject(BUCKET, key))!)).toBe(sha256(IMAGES[0].buffer))
  }, 60000)

  it('controlled form: submit stays off while uploading and sends the uploaded keys once done', async () => {
    await open('form')
    await page.locator('.form-title input, input.form-title').first().fill('holiday')
    const cdp = await browser.context.newCDPSession(page)
    await cdp.send('Network.enable')
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 200 * 1024 })
    await pickImages([IMAGES[0], IMAGES[1]])
    await page.locator('.form-status', { hasText: '上传中' }).waitFor({ timeout: 20000 })
    await page.locator('.form-submit').click()
    expect(await page.locator('.form-submitted').count()).toBe(0)
    await page.waitForFunction(() => document.querySelectorAll('.cos-uploader__tile--done').length === 2, undefined, { timeout: 60000, polling: 100 })
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 })
    await page.locator('.form-status', { hasText: '2/3' }).waitFor({ timeout: 20000 })
    await page.locator('.form-submit').click()
    const submitted = JSON.parse((await page.locator('.form-submitted').textContent())!) as { title: string; photos: string[] }
    expect(submitted.title).toBe('holiday')
    expect(submitted.photos).toHaveLength(2)
    const stored = await Promise.all(submitted.photos.map((key) => emulator.readObject(BUCKET, key)))
    // In the order of the tiles, which is the picker's (see the first test); they show the objects once all are done.
    await page.waitForFunction(() => Array.from(document.querySelectorAll('.cos-uploader__tile--done img'))
      .every((img) => (img as HTMLImageElement).src.startsWith('http')), undefined, { timeout: 20000, polling: 100 })
    const tileKeys = await page.locator('.cos-uploader__tile--done img').evaluateAll((imgs) =>
      imgs.map((img) => decodeURIComponent((img as HTMLImageElement).src.split('?')[0].replace(/^https?:\/\/[^/]+\//, ''))))
    expect(submitted.photos).toEqual(tileKeys)
    expect(stored.map((bytes) => bytes && sha256(bytes)).sort()).toEqual([IMAGES[0], IMAGES[1]].map((image) => sha256(image.buffer)).sort())
  }, 90000)
})
