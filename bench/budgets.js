// The budgets of issues 6 and 15, applied to bench/results.json. Never loosen one to make it pass.
const SIZE_CHECKS = require('../.size-limit.cjs')

/** The byte limit size-limit applies to `entry` (`npm run size`), so both hold the entry to one number. */
const sizeLimitOf = (entry) => parseInt(SIZE_CHECKS.find((check) => check.path === entry).limit, 10)

const BUDGETS = [
  { id: 'bundle-core', what: 'device core entry (size-limit, UTF-8)', limit: sizeLimitOf('src/lib/core/index.ts'), unit: 'B',
    value: (r) => r.bundles.find((row) => row.id === 'core').ours.raw },
  { id: 'bundle-library', what: 'whole library (size-limit, UTF-8)', limit: sizeLimitOf('src/lib/index.ts'), unit: 'B',
    value: (r) => r.bundles.find((row) => row.id === 'library').ours.raw },
  { id: 'weapp-bytes-added', what: 'bytes the component adds to a one-page weapp app', limit: 60000, unit: 'B',
    value: (r) => r.weapp.added },
  { id: 'upload-vs-raw', what: 'upload time ours/raw (physical limit)', limit: 1.15, unit: '×',
    value: (r) => r.upload.ratios.oursVsRaw },
  { id: 'upload-vs-official', what: 'upload time ours/official', limit: 1.0, unit: '×',
    value: (r) => r.upload.ratios.oursVsOfficial },
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
    const measured = value !== undefined
    const met = measured && (budget.exact ? value === budget.limit : value <= budget.limit)
    const limitText = `${budget.exact ? '=' : '≤'} ${budget.limit} ${budget.unit}`
    const verdict = !measured
      ? `NOT MEASURED: ${budget.what} (budget ${limitText}) — the run did not produce it`
      : met
        ? `met: ${budget.what} is ${value} ${budget.unit} (budget ${limitText})`
        : `MISSED: ${budget.what} is ${value} ${budget.unit}, the budget is ${limitText}` +
          (budget.exact ? '' : ` (${Math.round((value / budget.limit - 1) * 1000) / 10} % over)`)
    return { id: budget.id, limit: budget.limit, value, met, verdict }
  })
}

module.exports = { applyBudgets, BUDGETS }
