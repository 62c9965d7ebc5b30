// The upload cases (bench/browser), each contestant run in alternated rounds within one browser, then reduced to
// medians and ratios (bench/lib/upload-results.js).
const fs = require('node:fs')
const path = require('node:path')
const { startBrowserBench, CONCURRENCY, LostUploadError } = require('./browser')
const { buildBenchApp, outputDir } = require('./lib/build-app')
const { alternate } = require('./lib/stats')
const { CONTESTANTS, CONTROL, uploadResults } = require('./lib/upload-results')

/** Image sides: a noise PNG of side × side pixels is about 3·side² bytes. */
const SIDE = { '1000 kB': 577, '200 kB': 258, '50 MB': 4082, '10 MB': 1826 }
/**
 * The cases' sizes: the issue's protocol, or with --quick smaller ones that check the harness in about a minute (25
 * files still take <CosUploader> two picks where it takes at most 20 a pick).
 */
function cases({ files, quick }) {
  return {
    batch: { side: SIDE['1000 kB'], count: files },
    many: { side: SIDE['200 kB'], count: quick ? 25 : 100 },
    big: { side: quick ? SIDE['10 MB'] : SIDE['50 MB'], count: 1, heap: true },
  }
}

/** Attempts a run may take when the page loses an upload it made; the run says how many it discarded. */
const ATTEMPTS = 3

/**
 * One timed run. A page that uploads every file but never reports one of them can't be timed (seen with today's
 * <CosUploader>: when a second pick comes while uploads finish, its value can miss one): that attempt is discarded
 * and counted, never hidden.
 */
async function uploadTimed(bench, name, shape) {
  for (let attempt = 1; ; attempt++) {
    try {
      return { ...(await bench.uploadOnce(name, shape)), discarded: attempt - 1 }
    } catch (error) {
      if (!(error instanceof LostUploadError) || attempt >= ATTEMPTS) throw error
      process.stderr.write(`bench: ${error.message}; run again\n`)
    }
  }
}

async function measureUploads({ files, rounds, reuseBuild, quick }) {
  const built = outputDir('h5', true)
  const appDir = reuseBuild && fs.existsSync(path.join(built, 'index.html')) ? built : await buildBenchApp('h5', true)
  const bench = await startBrowserBench({ appDir })
  const { batch, many, big } = cases({ files, quick })
  const run = (shape) => (name) => uploadTimed(bench, name, shape)
  try {
    for (const name of CONTESTANTS) await bench.uploadOnce(name, { side: batch.side, count: 1 }) // untimed warm-up: browser caches, JIT
    return uploadResults({
      batches: await alternate(CONTESTANTS, rounds, run(batch)),
      singles: await alternate(CONTESTANTS, rounds, run({ side: batch.side, count: 1 })),
      tiled: await alternate(CONTESTANTS, rounds, run({ ...batch, tiles: true })),
      many: await alternate(CONTESTANTS, rounds, run(many)),
      manyTiled: await alternate(CONTESTANTS, rounds, run({ ...many, tiles: true })),
      big: await alternate([...CONTESTANTS, CONTROL], rounds, run(big)),
    }, { concurrency: CONCURRENCY })
  } finally {
    await bench.close()
  }
}

module.exports = { measureUploads, CONTESTANTS, SIDE }
