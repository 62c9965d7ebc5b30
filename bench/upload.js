// Rows 2–4: alternated browser runs (bench/browser), reduced to medians and ratios.
const fs = require('node:fs')
const path = require('node:path')
const { startBrowserBench, CONCURRENCY } = require('./browser')
const { buildBenchApp, outputDir } = require('./lib/build-app')
const { alternate, median, ratio } = require('./lib/stats')

const round1 = (value) => Math.round(value * 10) / 10

function summary(samples, pick) {
  const values = samples.map(pick)
  return { median: round1(median(values)), min: round1(Math.min(...values)), max: round1(Math.max(...values)), samples: values.map(round1) }
}

async function measureUploads({ files, rounds, reuseBuild }) {
  const built = outputDir('h5', true)
  const appDir = reuseBuild && fs.existsSync(path.join(built, 'index.html')) ? built : await buildBenchApp('h5', true)
  const bench = await startBrowserBench({ appDir })
  try {
    for (const name of bench.names) await bench.uploadOnce(name, 1) // untimed warm-up: browser caches, JIT
    const batches = await alternate(bench.names, rounds, (name) => bench.uploadOnce(name, files))
    const singles = await alternate(bench.names, rounds, (name) => bench.uploadOnce(name, 1))
    const time = Object.fromEntries(bench.names.map((name) => [name, summary(batches[name], (run) => run.ms)]))
    const fetches = Object.fromEntries(bench.names.map((name) => [name, summary(batches[name], (run) => run.credentialFetches)]))
    const firstByte = Object.fromEntries(bench.names.map((name) => [name, summary(singles[name], (run) => run.firstByteMs)]))
    const batchSend = Object.fromEntries(bench.names.map((name) => [name, summary(batches[name], (run) => run.firstSendMs)]))
    // Where the time to first byte goes: chooser → the upload request is sent (client side).
    const firstSend = Object.fromEntries(bench.names.map((name) => [name, summary(singles[name], (run) => run.firstSendMs)]))
    return {
      upload: {
        files, rounds, concurrency: CONCURRENCY, bytesPerBatch: batches.ours[0].bytes, ms: time,
        firstSendMs: batchSend,
        ratios: { oursVsRaw: ratio(time.ours.median, time.raw.median), oursVsOfficial: ratio(time.ours.median, time.official.median),
          firstSendOursVsOfficial: ratio(batchSend.ours.median, batchSend.official.median) },
      },
      credentials: { files, ours: fetches.ours, official: fetches.official, ratio: ratio(fetches.ours.median, fetches.official.median) },
      firstByte: { ms: firstByte, ratio: ratio(firstByte.ours.median, firstByte.official.median), sendMs: firstSend },
    }
  } finally {
    await bench.close()
  }
}

module.exports = { measureUploads }
