// Row 1: bundle cost to a mini program, measured by size-limit with the checks of .size-limit.cjs (the entries bundled
// and minified by esbuild, UTF-8, uncompressed; gzip -9 beside it), against the official SDKs' shipped min files
// (@size-limit/file on the files as they are).
const path = require('node:path')
const { ratio } = require('./lib/stats')
const CHECKS = require('../.size-limit.cjs')

const ROOT = path.join(__dirname, '..')

const OFFICIAL = {
  'cos-wx-sdk-v5': require.resolve('cos-wx-sdk-v5/dist/cos-wx-sdk-v5.min.js'),
  'cos-js-sdk-v5': require.resolve('cos-js-sdk-v5/dist/cos-js-sdk-v5.min.js'),
}

// The ids bench/budgets.js and the report know the rows by.
const IDS = { 'src/lib/core/index.ts': 'core', 'bench/entries/core-and-hosts.ts': 'core+hosts', 'src/lib/index.ts': 'library' }

/** size-limit's own API (ESM only) with its esbuild and file plugins: the bytes of each check, raw and gzip -9. */
async function sizes(checks, { bundle }) {
  const [{ default: sizeLimit }, { default: esbuild }, { default: file }] = await Promise.all(
    [import('size-limit'), import('@size-limit/esbuild'), import('@size-limit/file')])
  const plugins = bundle ? [esbuild, file] : [file]
  const measure = (compression) => sizeLimit(plugins, { cwd: ROOT, checks: checks.map((check) => ({ ...check, ...compression })) })
  const [raw, gzip] = [await measure({ brotli: false }), await measure({ gzip: true })]
  return raw.map((result, i) => ({ raw: result.size, gzip: gzip[i].size }))
}

async function measureBundles() {
  const officialCosts = await sizes(Object.values(OFFICIAL).map((file) => ({ files: [file] })), { bundle: false })
  const official = Object.fromEntries(Object.keys(OFFICIAL).map((name, i) => [name, officialCosts[i]]))
  const wx = official['cos-wx-sdk-v5']
  const js = official['cos-js-sdk-v5']
  const ours = await sizes(CHECKS.map(({ path: entry, limit, name, ...check }) => ({ ...check, files: [path.join(ROOT, entry)] })), { bundle: true })
  return CHECKS.map((check, i) => ({
    id: IDS[check.path], label: check.name, ours: ours[i],
    baselines: official,
    ratios: { rawVsWx: ratio(ours[i].raw, wx.raw), gzipVsWx: ratio(ours[i].gzip, wx.gzip), rawVsJs: ratio(ours[i].raw, js.raw), gzipVsJs: ratio(ours[i].gzip, js.gzip) },
  }))
}

module.exports = { measureBundles }
