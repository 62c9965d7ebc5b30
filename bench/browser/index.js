// Rows 2–4 in Chromium against the local emulator: upload wall time (pick → all done) for <CosUploader> on the H5
// build, a raw unsigned XHR PostObject (the physical limit) and cos-js-sdk-v5 uploadFiles; credential fetches per
// batch counted at the STS service; time from the chooser resolving to the first body byte at the emulator.
const { createHash } = require('node:crypto')
const { promises: fs } = require('node:fs')
const { tmpdir } = require('node:os')
const path = require('node:path')
const { chromium } = require('playwright-core')
const { startDemoServer } = require('../../server/demo-server')
const { startEmulator } = require('../../server/emulator')
const { startSts } = require('../../server/sts')
const { noisePng } = require('../../test/e2e/support/png')

const BUCKET = 'examplebucket-1250000000'
/** Anonymous PostObject allowed: the raw contestant signs nothing. */
const PUBLIC_BUCKET = 'benchpublic-1250000000'
const CONCURRENCY = 3 // <CosUploader>'s default, and cos-js-sdk-v5's FileParallelLimit default
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync']
const IMAGE_SIDE = 577 // 577×577 RGB noise PNG ≈ 1,000,000 B: "1 MB", and under cos-js-sdk-v5's 1 MiB SliceSize (one putObject)

const RUN_TIMEOUT_MS = 180000

const wallClock = () => performance.timeOrigin + performance.now()

async function until(condition, what, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

/**
 * In the page before its own scripts: when the chooser's input fired `change`, when the first upload request
 * (POST/PUT) was sent, and when `expected` keys are reported.
 */
function armPage({ expected }) {
  const now = () => performance.timeOrigin + performance.now()
  let firstSend
  const open = XMLHttpRequest.prototype.open
  const send = XMLHttpRequest.prototype.send
  XMLHttpRequest.prototype.open = function (method, ...rest) {
    this.benchMethod = String(method).toUpperCase()
    return open.call(this, method, ...rest)
  }
  XMLHttpRequest.prototype.send = function (...args) {
    if (firstSend === undefined && (this.benchMethod === 'POST' || this.benchMethod === 'PUT')) firstSend = now()
    return send.apply(this, args)
  }
  window.benchResult = new Promise((resolve, reject) => {
    let picked
    document.addEventListener('change', () => { if (picked === undefined) picked = now() }, true)
    window.benchUploaded = (keys) => { if (keys.length >= expected) resolve({ picked, firstSend, done: now(), keys }) }
    const failed = setInterval(() => {
      if (window.benchError) {
        clearInterval(failed)
        reject(new Error(window.benchError))
      }
    }, 20)
  })
}

async function startBrowserBench({ appDir }) {
  const cleanup = []
  // One at a time, last started first: the browser must be closed before its profile is removed.
  const stop = async () => {
    for (const close of cleanup.splice(0).reverse()) await close().catch(() => undefined)
  }
  try {
    const emulator = await startEmulator({ quiet: true, buckets: [BUCKET, { name: PUBLIC_BUCKET, publicWrite: true }] })
    cleanup.push(() => emulator.close())
    const app = await startDemoServer({ root: appDir })
    cleanup.push(() => app.close())
    const pagesDir = await fs.mkdtemp(path.join(tmpdir(), 'bench-pages-'))
    cleanup.push(() => fs.rm(pagesDir, { recursive: true, force: true }))
    await fs.copyFile(path.join(__dirname, 'contestants.html'), path.join(pagesDir, 'index.html'))
    await fs.copyFile(require.resolve('cos-js-sdk-v5/dist/cos-js-sdk-v5.min.js'), path.join(pagesDir, 'cos.js'))
    const pages = await startDemoServer({ root: pagesDir })
    cleanup.push(() => pages.close())
    const origins = [app.url, pages.url].map((url) => url.replace(/\/$/, ''))
    const sts = await startSts({ emulator, quiet: true, corsOrigins: origins, rateLimitPerMinute: 1e6, scope: {
      actions: ['name/cos:PostObject', 'name/cos:PutObject', 'name/cos:GetObject', 'name/cos:HeadObject'], allowPrefix: ['uploads/'] } })
    cleanup.push(() => sts.close())
    const filesDir = await fs.mkdtemp(path.join(tmpdir(), 'bench-images-'))
    cleanup.push(() => fs.rm(filesDir, { recursive: true, force: true }))
    const profileDir = await fs.mkdtemp(path.join(tmpdir(), 'bench-chromium-'))
    cleanup.push(() => fs.rm(profileDir, { recursive: true, force: true }))
    const context = await chromium.launchPersistentContext(profileDir, { executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS })
    cleanup.push(() => context.close())

    const images = []
    const imagePaths = async (count) => {
      for (let i = images.length; i < count; i++) {
        const file = path.join(filesDir, `photo-${String(i + 1).padStart(2, '0')}.png`)
        await fs.writeFile(file, noisePng(IMAGE_SIDE, IMAGE_SIDE, i + 1))
        images.push(file)
      }
      return images.slice(0, count)
    }
    const bucketHost = (bucket) => `${bucket}.cos.${emulator.region}.localhost:${emulator.port}`
    const contestants = {
      ours: (count) => ({
        url: `${app.url}?${new URLSearchParams({ sts: sts.url, endpoint: `http://{bucket}.cos.{region}.localhost:${emulator.port}`,
          bucket: BUCKET, region: emulator.region, count: String(count) })}#/pages/index/index`,
        trigger: '.cos-uploader__add', bucket: BUCKET, prefetches: true,
      }),
      raw: () => ({
        url: `${pages.url}?${new URLSearchParams({ mode: 'raw', host: bucketHost(PUBLIC_BUCKET), concurrency: String(CONCURRENCY) })}`,
        trigger: '#pick', bucket: PUBLIC_BUCKET,
      }),
      official: () => ({
        url: `${pages.url}?${new URLSearchParams({ mode: 'official', sts: sts.url, host: bucketHost(BUCKET), bucket: BUCKET, region: emulator.region })}`,
        trigger: '#pick', bucket: BUCKET,
      }),
    }

    /** One upload of `count` images by one contestant in a fresh page; every object is compared with its file at the emulator. */
    async function uploadOnce(name, count) {
      const files = await imagePaths(count)
      const contestant = contestants[name](count)
      const page = await context.newPage()
      try {
        await page.addInitScript(armPage, { expected: count })
        const fetchesBefore = sts.fetchCount()
        await page.goto(contestant.url)
        await page.waitForSelector(contestant.trigger)
        // <CosUploader> fetches its temporary key when it mounts: pick once that has landed.
        if (contestant.prefetches) await until(() => sts.fetchCount() > fetchesBefore, 'the credential prefetch')
        const bodyStarts = []
        const onBodyStart = (event) => { if (event.method === 'POST' || event.method === 'PUT') bodyStarts.push(wallClock()) }
        emulator.events.on('request-body-start', onBodyStart)
        try {
          const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click(contestant.trigger)])
          await chooser.setFiles(files)
          const result = await Promise.race([page.evaluate(() => window.benchResult), new Promise((_, reject) => {
            setTimeout(() => reject(new Error(`${name}: ${count} uploads not done after ${RUN_TIMEOUT_MS / 1000} s`)), RUN_TIMEOUT_MS).unref()
          })])
          const stored = await Promise.all(result.keys.map((key) => emulator.readObject(contestant.bucket, key)))
          const picked = await Promise.all(files.map((file) => fs.readFile(file)))
          const digests = (buffers) => buffers.map((buffer) => buffer ? createHash('sha256').update(buffer).digest('hex') : 'missing').sort().join()
          if (result.keys.length !== count || digests(stored) !== digests(picked)) {
            throw new Error(`${name}: the emulator does not hold the ${count} picked files byte for byte (keys: ${result.keys.join(', ')})`)
          }
          return {
            bytes: picked.reduce((sum, buffer) => sum + buffer.length, 0),
            ms: result.done - result.picked,
            firstSendMs: result.firstSend - result.picked,
            firstByteMs: Math.min(...bodyStarts) - result.picked,
            credentialFetches: sts.fetchCount() - fetchesBefore,
          }
        } finally {
          emulator.events.off('request-body-start', onBodyStart)
        }
      } finally {
        await page.close()
      }
    }

    return { uploadOnce, names: Object.keys(contestants), close: stop }
  } catch (error) {
    await stop()
    throw error
  }
}

module.exports = { startBrowserBench, CONCURRENCY }
