// `npm run bench -- --self-test`: proves each budget of issue 14 can fail. Made-up runs go through the same reduction
// (bench/lib/upload-results.js) and budgets (bench/budgets.js) as a real run: each budget must be met at its limit
// and missed just past it. No browser; a few milliseconds.
const { applyBudgets, TWICE_AT } = require('./budgets')
const { CONTESTANTS, CONTROL, uploadResults } = require('./lib/upload-results')

const FILE = 50e6
const ROUNDS = 3

/** Runs where every contestant takes 100 ms, sends at 10 ms and holds nothing, but the control; `change` edits them. */
function results(change) {
  const runs = (files, bytes, names = CONTESTANTS) => Object.fromEntries(names.map((name) => [name, Array.from({ length: ROUNDS }, () => ({
    files, bytes, picks: 1, ms: 100, firstSendMs: 10, firstByteMs: 10, firstTileMs: 10, credentialFetches: 1,
    heap: { baseline: 2e6, peak: 2e6, rise: 0 },
  }))]))
  const cases = { batches: runs(20, 20e6), singles: runs(1, 1e6), tiled: runs(20, 20e6), many: runs(100, 20e6), manyTiled: runs(100, 20e6),
    big: runs(1, FILE, [...CONTESTANTS, CONTROL]) }
  for (const run of cases.big[CONTROL]) run.heap = { baseline: 2e6, peak: 2e6 + FILE, rise: FILE }
  change(cases)
  return uploadResults(cases, { concurrency: 3 })
}

const set = (runs, edit) => runs.forEach(edit)

/** Each budget: runs at its limit (met) and just past it (missed). */
const CHECKS = [
  { id: 'upload-vs-raw', at: (c) => set(c.batches.ours, (r) => { r.ms = 110 }), past: (c) => set(c.batches.ours, (r) => { r.ms = 111 }) },
  { id: 'upload-vs-official', at: (c) => set(c.batches.ours, (r) => { r.ms = 95 }), past: (c) => set(c.batches.ours, (r) => { r.ms = 96 }) },
  { id: 'first-send-vs-official', at: (c) => set(c.batches.ours, (r) => { r.firstSendMs = 10 }),
    past: (c) => set(c.batches.ours, (r) => { r.firstSendMs = 10.1 }) },
  { id: 'many-vs-raw', at: (c) => set(c.many.ours, (r) => { r.ms = 115 }), past: (c) => set(c.many.ours, (r) => { r.ms = 116 }) },
  { id: 'memory-ours', at: (c) => set(c.big.ours, (r) => { r.heap = { baseline: 2e6, peak: 2e6 + FILE * TWICE_AT, rise: FILE * TWICE_AT } }),
    // One round holding a copy is enough: the largest rise counts, not the median.
    past: (c) => { c.big.ours[1].heap = { baseline: 2e6, peak: 2e6 + FILE, rise: FILE } } },
  { id: 'memory-control', at: (c) => set(c.big[CONTROL], (r) => { r.heap = { baseline: 2e6, peak: 2e6 + FILE * 0.51, rise: FILE * 0.51 } }),
    past: (c) => set(c.big[CONTROL], (r) => { r.heap = { baseline: 2e6, peak: 2e6 + FILE * TWICE_AT, rise: FILE * TWICE_AT } }) },
]

function verdictOf(id, change) {
  const budget = applyBudgets(results(change)).find((b) => b.id === id)
  if (!budget) throw new Error(`no budget ${id}`)
  return budget
}

function selfTest() {
  let failures = 0
  for (const check of CHECKS) {
    const met = verdictOf(check.id, check.at)
    const missed = verdictOf(check.id, check.past)
    const ok = met.met && !missed.met && missed.value !== undefined
    if (!ok) failures++
    console.log(`${ok ? 'ok' : 'BROKEN'}: ${check.id} met at ${met.value}, missed at ${missed.value}\n    ${missed.verdict}`)
  }
  console.log(failures ? `${failures} budget checks broken.` : `All ${CHECKS.length} budgets of issue 14 pass at their limit and fail past it.`)
  return failures ? 1 : 0
}

module.exports = { selfTest }
