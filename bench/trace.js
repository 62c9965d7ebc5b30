// `npm run bench -- --trace`: one upload of the 20-file batch by each contestant under a Chromium trace, written to
// bench/tmp/trace-<contestant>.json (open it in DevTools' Performance panel or https://ui.perfetto.dev), and where
// each page's main thread spent the time from pick to all stored, in bench/tmp/trace-summary.md. Ours runs from a
// build with source maps, so its time is told by source file.
const fs = require('node:fs')
const path = require('node:path')
const { startBrowserBench } = require('./browser')
const { buildBenchApp, outputDir } = require('./lib/build-app')
const { summarizeTrace } = require('./lib/trace-summary')
const { CONTESTANTS, SIDE } = require('./upload')

const TMP = path.join(__dirname, 'tmp')

async function traceUploads({ files, reuseBuild }) {
  const built = outputDir('h5', true, { sourceMaps: true })
  const appDir = reuseBuild && fs.existsSync(path.join(built, 'index.html')) ? built : await buildBenchApp('h5', true, { sourceMaps: true })
  const bench = await startBrowserBench({ appDir })
  const summaries = []
  try {
    for (const name of CONTESTANTS) await bench.uploadOnce(name, { side: SIDE['1000 kB'], count: 1 }) // untimed warm-up
    for (const name of CONTESTANTS) {
      const file = path.join(TMP, `trace-${name}.json`)
      await bench.uploadOnce(name, { side: SIDE['1000 kB'], count: files, trace: file })
      summaries.push({ name, file, summary: summarizeTrace(JSON.parse(fs.readFileSync(file, 'utf8')), { appDir }) })
    }
  } finally {
    await bench.close()
  }
  return summaries
}

module.exports = { traceUploads }
