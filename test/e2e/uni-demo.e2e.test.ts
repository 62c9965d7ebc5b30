// The uni-app demo's real H5 build (examples/uni-app installed from the tarball, `uni build -p h5`, dist/uni-h5) in
// Debian Chromium, uploading to the COS emulator with keys from the STS service, all on free ports: the demo server
// tells the page the STS address (/demo-config.json), the STS service the emulator's (GET /bucket). The home page
// (<cos-uploader> through easycom) uploads a picked image with the exact bytes stored; the AccessDenied page (a
// read-only key, <CosUploader> imported by its path) fails the tile, and a tap on it shows the diagnosis in uni's
// modal.
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { launchChromium, type LaunchedChromium } from '../support/chromium'
import { startDemoSite, type DemoSite } from './support/demo-site'
import { noisePng } from './support/png'

const { buildUniDemo, uniDemoDir } = require('../../scripts/uni-demo')

const BUCKET = 'examplebucket-1250000000'
const IMAGE = { name: 'photo.png', mimeType: 'image/png', buffer: noisePng(320, 320, 7) }
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

let demo: DemoSite
let browser: LaunchedChromium
let page: Page

beforeAll(async () => {
  // npm test builds it first; a lone run builds it here.
  demo = await startDemoSite(existsSync(join(uniDemoDir('h5'), 'index.html')) ? uniDemoDir('h5') : buildUniDemo('h5'))
  browser = await launchChromium({ viewport: { width: 480, height: 800 } })
  page = await browser.context.newPage()
}, 600_000)

afterAll(async () => {
  await browser?.close()
  await demo?.close()
})

async function pick(uploader: string) {
  const add = page.locator(`${uploader} .cos-uploader__add`)
  await add.waitFor({ timeout: 20000 })
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), add.click()])
  await chooser.setFiles([IMAGE])
}

it('home page (easycom): pick → upload → done, the exact bytes in the emulator, the item in v-model', async () => {
  const { emulator, site, sts } = demo
  await page.goto(`${site.url}#/pages/index/index`)
  await page.locator('.sts-status', { hasText: sts.url }).waitFor({ timeout: 20000 })
  expect(await page.locator('.sts-status').textContent()).toContain(`http://{bucket}.cos.{region}.localhost:${emulator.port}`)
  await pick('.basic-uploader')
  await page.locator('.basic-uploader .cos-uploader__tile--done').waitFor({ timeout: 30000 })
  expect(await page.locator('.cos-uploader__tile--error').count()).toBe(0)
  const listed = await page.locator('.demo-item').textContent()
  const [, key, size] = /^(\S+) · (\d+) B$/.exec(listed!.trim())!
  expect(key).toMatch(/^uploads\/uni\/\d{4}\/\d{2}\/\d{2}\/\w+\.png$/)
  expect(Number(size)).toBe(IMAGE.buffer.length)
  expect(sha256((await emulator.readObject(BUCKET, key))!)).toBe(sha256(IMAGE.buffer))
}, 90_000)

it('AccessDenied page (path import): the tile fails, a tap shows the diagnosis with Code and RequestId', async () => {
  await page.goto(`${demo.site.url}#/pages/errors/index`)
  await pick('.denied-uploader')
  const failed = page.locator('.denied-uploader .cos-uploader__tile--error')
  await failed.waitFor({ timeout: 30000 })
  expect(await failed.locator('.cos-uploader__error').textContent()).toBe('上传失败 · 点按查看')
  expect(await page.locator('.demo-failure').textContent()).toBe('access-denied')
  // The failed tile shows the picked File itself (an object URL, decoded), not its tempFilePath.
  const image = failed.locator('.cos-uploader__image img')
  expect(await image.getAttribute('src')).toMatch(/^blob:/)
  expect(await image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(320)

  await failed.locator('.cos-uploader__error').click()
  // The library's own dialog: on H5 it calls no uni API (uni-h5's showModal would come with its modal, toast and
  // action sheet).
  const modal = page.locator('.cos-uploader__dialog [role=dialog]')
  await modal.waitFor({ state: 'visible', timeout: 10000 })
  expect(await modal.locator('.cos-uploader__dialog-title').textContent()).toBe('上传失败')
  const body = (await modal.locator('.cos-uploader__dialog-text').textContent())!.split('\n')
  expect(body[0]).toMatch(/^无权限：STS 策略需允许对 uploads\/uni-denied\/\S+ 执行 name\/cos:PostObject（检查 action 与 allowPrefix）$/)
  expect(body.slice(1)).toEqual(['Code: AccessDenied', expect.stringMatching(/^RequestId: \S+$/)])
}, 90_000)
