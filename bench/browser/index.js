// The upload cases in Chromium against the local emulator: <CosUploader> on the H5 build, a raw unsigned XHR
// PostObject (the physical limit) and cos-js-sdk-v5 uploadFiles, each picking real files through its own chooser.
// One run measures pick → all stored, pick → first upload request sent, pick → first body byte at the emulator,
// pick → first picked image painted, credential fetches at the STS service and, on request, the page's peak JS memory
// or a Chromium trace.
const { createHash } = require('node:crypto')
const { promises: fs } = require('node:fs')
const { tmpdir } = require('node:os')
const path = require('node:path')
const { chromium } = require('playwright-core')
const { startDemoServer } = require('../../server/demo-server')
const { startEmulator } = require('../../server/emulator')
const { startSts } = require('../../server/sts')
const { noisePng } = require('../../test/e2e/support/png')
const { armPage } = require('./arm-page')
const { settledHeap, watchHeap } = require('./heap')
const { startTrace } = require('./trace')

const BUCKET = 'examplebucket-1250000000'
/** Anonymous PostObject allowed: the raw contestant signs nothing. */
const PUBLIC_BUCKET = 'benchpublic-1250000000'
const CONCURRENCY = 3 // <CosUploader>'s default, and cos-js-sdk-v5's FileParallelLimit default
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  // performance.memory to the byte (it is otherwise rounded): the page's own JS memory sample when it sends.
  '--enable-precise-memory-info']

const RUN_TIMEOUT_MS = 180000
const PICK_TIMEOUT_MS = 30000
/** Every upload answered and nothing sent for this long, yet not all reported: the page lost one. */
const SETTLE_MS = 10000

/** The page's uploads were all answered, but it never reported them all: the run can't be timed. */
class LostUploadError extends Error {}

function withTimeout(promise, ms, message) {
  let timer
  const late = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(message)), ms) })
  return Promise.race([promise, late]).finally(() => clearTimeout(timer))
}

const wallClock = () => performance.timeOrigin + performance.now()

async function until(condition, what, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
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

    const images = new Map()
    /** `count` noise PNGs (they don't compress) of side × side pixels, about 3·side² bytes each; made once. */
    const imagePaths = async (side, count) => {
      if (!images.has(side)) images.set(side, [])
      const made = images.get(side)
      for (let i = made.length; i < count; i++) {
        const file = path.join(filesDir, `photo-${side}-${String(i + 1).padStart(3, '0')}.png`)
        await fs.writeFile(file, noisePng(side, side, side * 1000 + i + 1))
        made.push(file)
      }
      return made.slice(0, count)
    }
    const bucketHost = (bucket) => `${bucket}.cos.${emulator.region}.localhost:${emulator.port}`
    const contestantPage = (query) => `${pages.url}?${new URLSearchParams({ concurrency: String(CONCURRENCY), ...query })}`
    const raw = { mode: 'raw', host: bucketHost(PUBLIC_BUCKET) }
    const contestants = {
      ours: ({ count }) => ({
        url: `${app.url}?${new URLSearchParams({ sts: sts.url, endpoint: `http://{bucket}.cos.{region}.localhost:${emulator.port}`,
          bucket: BUCKET, region: emulator.region, count: String(count) })}#/pages/index/index`,
        // It may take fewer files than offered in one pick, and says which (see pickAll).
        trigger: '.cos-uploader__add', saysTaken: true, bucket: BUCKET, prefetches: true,
      }),
      raw: ({ tiles }) => ({ url: contestantPage({ ...raw, tiles: tiles ? '1' : '' }), trigger: '#pick', bucket: PUBLIC_BUCKET }),
      official: ({ tiles }) => ({
        url: contestantPage({ mode: 'official', sts: sts.url, host: bucketHost(BUCKET), bucket: BUCKET, region: emulator.region, tiles: tiles ? '1' : '' }),
        trigger: '#pick', bucket: BUCKET,
      }),
      // The memory measurement's control: raw XHR that first reads the file into an ArrayBuffer, so it holds it twice.
      'raw-copy': () => ({ url: contestantPage({ ...raw, copy: '1' }), trigger: '#pick', bucket: PUBLIC_BUCKET }),
    }

    /**
     * Offers the files to the page's chooser until it has taken them all; returns the number of picks. The baselines
     * take every file at once. <CosUploader> says which it took (bench/app/src/with-library.tsx): before the
     * browser-direct H5 host it goes through Taro's chooseMedia and keeps 20 a pick, whichever of the offered files
     * Taro lists first, so the ones it did not take are offered again as soon as it has taken some.
     */
    async function pickAll(page, contestant, files) {
      let offered = files
      let picks = 0
      while (offered.length) {
        const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click(contestant.trigger)])
        await chooser.setFiles(offered)
        picks++
        if (!contestant.saysTaken) break
        const taken = await withTimeout(page.evaluate((before) => window.benchTakenAbove(before), files.length - offered.length),
          PICK_TIMEOUT_MS, `no file taken ${PICK_TIMEOUT_MS / 1000} s after pick ${picks}`)
        offered = files.filter((file) => !taken.includes(path.basename(file)))
      }
      return picks
    }

    /**
     * One upload of `count` images of side × side pixels by one contestant in a fresh page; every object is compared
     * with its file at the emulator. `tiles`: the baselines show each picked image (an object URL in an <img>) and the
     * run waits for the first to be painted. `heap`: the page's memory is watched. `trace`: a Chromium trace of the run
     * is written to that file.
     */
    async function uploadOnce(name, { side, count, tiles = false, heap = false, trace }) {
      const files = await imagePaths(side, count)
      const contestant = contestants[name]({ count, tiles })
      const page = await context.newPage()
      const cdp = heap || trace ? await context.newCDPSession(page) : undefined
      try {
        // Only the tiled case waits for a picked image to be painted: <CosUploader> always shows its tiles, but an
        // upload that ends first shows its object instead (the tile of an idle uploader), and no run times the paint.
        await page.addInitScript(armPage, { expected: count, tiles, heap })
        const fetchesBefore = sts.fetchCount()
        await page.goto(contestant.url)
        await page.waitForSelector(contestant.trigger)
        // <CosUploader> fetches its temporary key when it mounts: pick once that has landed.
        if (contestant.prefetches) await until(() => sts.fetchCount() > fetchesBefore, 'the credential prefetch')
        const baselineHeap = heap ? await settledHeap(cdp) : undefined
        const stopHeap = heap ? watchHeap(cdp) : undefined
        const stopTrace = trace ? await startTrace(cdp) : undefined
        const bodyStarts = []
        let answered = 0
        let lastActivity = Date.now()
        const isUpload = (event) => event.method === 'POST' || event.method === 'PUT'
        const onBodyStart = (event) => {
          if (!isUpload(event)) return
          bodyStarts.push(wallClock())
          lastActivity = Date.now()
        }
        const onEnd = (event) => {
          if (!isUpload(event)) return
          answered++
          lastActivity = Date.now()
        }
        emulator.events.on('request-body-start', onBodyStart)
        emulator.events.on('request-end', onEnd)
        let watchdog
        const lost = new Promise((_, reject) => {
          watchdog = setInterval(() => {
            if (answered < count || Date.now() - lastActivity < SETTLE_MS) return
            reject(new LostUploadError(`${name}: all ${count} uploads were answered ${SETTLE_MS / 1000} s ago, but the page did not report them all`))
          }, 500)
        })
        lost.catch(() => undefined) // raced below; not an unhandled rejection when the run ends otherwise
        try {
          const picks = await pickAll(page, contestant, files)
          const result = await withTimeout(Promise.race([page.evaluate(() => window.benchResult), lost]), RUN_TIMEOUT_MS,
            `${name}: ${count} uploads not done after ${RUN_TIMEOUT_MS / 1000} s`)
          const peakHeap = heap ? Math.max(await stopHeap(), result.heapAtSend) : undefined
          if (stopTrace) await stopTrace(trace)
          const stored = await Promise.all(result.keys.map((key) => emulator.readObject(contestant.bucket, key)))
          const picked = await Promise.all(files.map((file) => fs.readFile(file)))
          const digests = (buffers) => buffers.map((buffer) => buffer ? createHash('sha256').update(buffer).digest('hex') : 'missing').sort().join()
          if (result.keys.length !== count || digests(stored) !== digests(picked)) {
            throw new Error(`${name}: the emulator does not hold the ${count} picked files byte for byte (${result.keys.length} keys)`)
          }
          return {
            files: count,
            bytes: picked.reduce((sum, buffer) => sum + buffer.length, 0),
            picks,
            ms: result.done - result.picked,
            firstSendMs: result.firstSend - result.picked,
            firstByteMs: Math.min(...bodyStarts) - result.picked,
            ...(result.firstTile !== undefined && { firstTileMs: result.firstTile - result.picked }),
            credentialFetches: sts.fetchCount() - fetchesBefore,
            ...(heap && { heap: { baseline: baselineHeap, peak: peakHeap, rise: peakHeap - baselineHeap } }),
          }
        } finally {
          clearInterval(watchdog)
          emulator.events.off('request-body-start', onBodyStart)
          emulator.events.off('request-end', onEnd)
          if (stopHeap) await stopHeap().catch(() => undefined)
        }
      } finally {
        if (cdp) await cdp.detach().catch(() => undefined)
        await page.close()
      }
    }

    return { uploadOnce, close: stop }
  } catch (error) {
    await stop()
    throw error
  }
}

module.exports = { startBrowserBench, CONCURRENCY, LostUploadError }
