// The budgets of issues 6, 13, 14 and 15, applied to bench/results.json. Never loosen one to make it pass.
const SIZE_CHECKS = require('../.size-limit.cjs')

/** The byte limit size-limit applies to `entry` (`npm run size`), so both hold the entry to one number. */
const sizeLimitOf = (entry) => parseInt(SIZE_CHECKS.find((check) => check.path === entry).limit, 10)

// The cases' sizes in words; --quick runs smaller ones.
const batchOf = (run, protocol) => (run ? `${run.files} × ${Math.round(run.bytesPerBatch / run.files / 1000)} kB` : protocol)
const megabytes = (bytes) => (bytes ? `${Math.round(bytes / 1e6)} MB` : '50 MB')

/**
 * A page holds the file twice when its JS memory (V8 heap plus ArrayBuffers) rises by more than half the file's size
 * while it uploads: the File's own bytes live in the browser's blob storage, outside it, so a rise that large is a
 * copy (an ArrayBuffer is 1×, base64 1.33×, a UTF-16 string 2×), while an upload without one moves it by a few MB.
 */
const TWICE_AT = 0.5

const BUDGETS = [
  { id: 'bundle-core', what: 'device core entry (size-limit, UTF-8)', limit: sizeLimitOf('src/lib/core/index.ts'), unit: 'B',
    value: (r) => r.bundles.find((row) => row.id === 'core').ours.raw },
  { id: 'bundle-library', what: 'whole library (size-limit, UTF-8)', limit: sizeLimitOf('src/lib/index.ts'), unit: 'B',
    value: (r) => r.bundles.find((row) => row.id === 'library').ours.raw },
  { id: 'weapp-bytes-added', what: 'bytes the component adds to a one-page weapp app', limit: 60000, unit: 'B',
    value: (r) => r.weapp.added },
  // Issue 14: H5 uploads at the physical limit, every ratio measured side by side in one run (bench/upload.js).
  { id: 'upload-vs-raw', what: (r) => `upload time ours/raw XHR (physical limit), ${batchOf(r.upload, '20 × 1000 kB')}`,
    limit: 1.10, unit: '×', value: (r) => r.upload.ratios.oursVsRaw },
  { id: 'upload-vs-official', what: (r) => `upload time ours/cos-js-sdk-v5, ${batchOf(r.upload, '20 × 1000 kB')}`,
    limit: 0.95, unit: '×', value: (r) => r.upload.ratios.oursVsOfficial },
  { id: 'first-send-vs-official',
    what: (r) => `chooser → first upload request sent, ours/cos-js-sdk-v5, ${batchOf(r.upload, '20 × 1000 kB')}`,
    limit: 1, unit: '×', value: (r) => r.upload.ratios.firstSendOursVsOfficial },
  { id: 'many-vs-raw', what: (r) => `upload time ours/raw XHR (physical limit), ${batchOf(r.many, '100 × 200 kB')}`,
    limit: 1.15, unit: '×', value: (r) => r.many.ratios.oursVsRaw },
  { id: 'memory-ours',
    what: (r) => `ours' peak JS memory rise while uploading one ${megabytes(r.memory?.fileBytes)} file, in file sizes ` +
      `(over ${TWICE_AT}: the file held twice)`,
    limit: TWICE_AT, unit: '×', value: (r) => r.memory.contestants.ours.copies },
  // The control proves, in every run, that the memory check catches a page that holds the file twice.
  { id: 'memory-control',
    what: "the control's peak JS memory rise in file sizes (raw XHR that copies the file into an ArrayBuffer: must be caught)",
    limit: TWICE_AT, unit: '×', above: true, value: (r) => r.memory.contestants['raw-copy'].copies },
  { id: 'h5-bytes-added', what: 'bytes the component adds to a one-page H5 app', limit: 60000, unit: 'B',
    value: (r) => r.h5.added },
  { id: 'credential-fetches', what: 'credential fetches per batch (ours)', limit: 1, unit: 'fetches', exact: true,
    value: (r) => r.credentials.ours.max },
  { id: 'render', what: 'React commits per second per uploader', limit: 60, unit: 'commits/s',
    value: (r) => Math.max(...r.render.scenarios.map((scenario) => scenario.commitsPerSecond)) },
]

/** Each budget with its measured value and verdict; a missing measurement counts as missed. */
function applyBudgets(results) {
  return BUDGETS.map((budget) => {
    let value
    try {
      value = budget.value(results)
    } catch {
      value = undefined
    }
    if (!(typeof value === 'number' && Number.isFinite(value))) value = undefined
    const what = typeof budget.what === 'function' ? budget.what(results) : budget.what
    const measured = value !== undefined
    const met = measured && (budget.exact ? value === budget.limit : budget.above ? value > budget.limit : value <= budget.limit)
    const limitText = `${budget.exact ? '=' : budget.above ? '>' : '≤'} ${budget.limit} ${budget.unit}`
    const verdict = !measured
      ? `NOT MEASURED: ${what} (budget ${limitText}) — the run did not produce it`
      : met
        ? `met: ${what} is ${value} ${budget.unit} (budget ${limitText})`
        : `MISSED: ${what} is ${value} ${budget.unit}, the budget is ${limitText}` +
          (budget.exact || budget.above ? '' : ` (${Math.round((value / budget.limit - 1) * 1000) / 10} % over)`)
    return { id: budget.id, limit: budget.limit, value, met, verdict }
  })
}

module.exports = { applyBudgets, batchOf, BUDGETS, TWICE_AT }
