// The upload cases' runs (bench/upload.js) reduced to what bench/budgets.js judges and bench/report.js prints:
// medians, ratios of medians, and the memory case's rise over each page's own memory. Pure, so the budgets' self-test
// (bench/self-test.js) can feed it numbers.
const { median, ratio } = require('./stats')

const CONTESTANTS = ['ours', 'raw', 'official']
/** The memory case's control: raw XHR reading the file into an ArrayBuffer first (bench/browser/contestants.html). */
const CONTROL = 'raw-copy'

const round1 = (value) => Math.round(value * 10) / 10

function summary(samples, pick) {
  const values = samples.map(pick)
  return { median: round1(median(values)), min: round1(Math.min(...values)), max: round1(Math.max(...values)), samples: values.map(round1) }
}

const byName = (runs, pick) => Object.fromEntries(Object.entries(runs).map(([name, samples]) => [name, summary(samples, pick)]))
const vs = (by, baseline) => ratio(by.ours.median, by[baseline].median)
const shape = (runs) => ({ files: runs.ours[0].files, rounds: runs.ours.length, bytesPerBatch: runs.ours[0].bytes })

/**
 * Per contestant: baseline, peak and rise of the page's JS memory (bytes; medians), and `copies`: the largest rise ÷
 * the file's size, which bench/budgets.js judges.
 */
function memoryResults(runs) {
  const fileBytes = runs.ours[0].bytes
  const contestants = Object.fromEntries(Object.entries(runs).map(([name, samples]) => {
    const rises = samples.map((run) => run.heap.rise)
    return [name, {
      baseline: median(samples.map((run) => run.heap.baseline)), peak: median(samples.map((run) => run.heap.peak)),
      rise: median(rises), riseMax: Math.max(...rises), copies: Math.round((Math.max(...rises) / fileBytes) * 1000) / 1000,
      ms: summary(samples, (run) => run.ms),
    }]
  }))
  return { fileBytes, rounds: runs.ours.length, control: CONTROL, contestants }
}

/**
 * The same uploads with every page showing each picked image (the baselines: an object URL in an `<img>`, as a plain
 * page does; ours always shows its tiles): what a page pays to show them, beside the budgets' image-less baselines.
 */
function withImages(runs) {
  const time = byName(runs, (run) => run.ms)
  return { ...shape(runs), ms: time, ratios: { oursVsRaw: vs(time, 'raw'), oursVsOfficial: vs(time, 'official') } }
}

/**
 * `{ case: { contestant: runs[] } }` → the results' upload, credentials, firstByte, many, firstTile, withImages and
 * memory parts; `concurrency` is the uploads each page runs at once, reported with them.
 */
function uploadResults({ batches, singles, tiled, many, manyTiled, big }, { concurrency }) {
  const time = byName(batches, (run) => run.ms)
  const firstSend = byName(batches, (run) => run.firstSendMs)
  const fetches = byName(batches, (run) => run.credentialFetches)
  const firstByte = byName(singles, (run) => run.firstByteMs)
  const tile = byName(tiled, (run) => run.firstTileMs)
  const manyTime = byName(many, (run) => run.ms)
  const { files } = shape(batches)
  return {
    upload: {
      ...shape(batches), concurrency, ms: time, firstSendMs: firstSend,
      ratios: { oursVsRaw: vs(time, 'raw'), oursVsOfficial: vs(time, 'official'), firstSendOursVsOfficial: vs(firstSend, 'official') },
    },
    credentials: { files, ours: fetches.ours, official: fetches.official, ratio: vs(fetches, 'official') },
    // Where the time to first byte goes: chooser → the upload request is sent (client side).
    firstByte: { ms: firstByte, ratio: vs(firstByte, 'official'), sendMs: byName(singles, (run) => run.firstSendMs) },
    many: { ...shape(many), ms: manyTime, picks: byName(many, (run) => run.picks),
      ratios: { oursVsRaw: vs(manyTime, 'raw'), oursVsOfficial: vs(manyTime, 'official') } },
    firstTile: { ...shape(tiled), ms: tile, ratios: { oursVsRaw: vs(tile, 'raw'), oursVsOfficial: vs(tile, 'official') } },
    withImages: { batch: withImages(tiled), many: withImages(manyTiled) },
    memory: memoryResults(big),
    discarded: discardedRuns({ batches, singles, tiled, many, manyTiled, big }),
  }
}

/** Per case, per contestant: runs discarded because the page never reported an upload it made (bench/upload.js). */
function discardedRuns(cases) {
  const out = {}
  for (const [name, runs] of Object.entries(cases)) {
    for (const [contestant, samples] of Object.entries(runs)) {
      const count = samples.reduce((sum, run) => sum + (run.discarded || 0), 0)
      if (count) out[name] = { ...out[name], [contestant]: count }
    }
  }
  return out
}

module.exports = { CONTESTANTS, CONTROL, uploadResults }
