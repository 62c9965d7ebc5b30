// Row 1: bundle cost to a mini program — our three entries against the official SDKs' shipped min files.
const fs = require('node:fs')
const { bundleCost, byteCost } = require('../scripts/bundle-size')
const { ratio } = require('./lib/stats')

const OFFICIAL = {
  'cos-wx-sdk-v5': require.resolve('cos-wx-sdk-v5/dist/cos-wx-sdk-v5.min.js'),
  'cos-js-sdk-v5': require.resolve('cos-js-sdk-v5/dist/cos-js-sdk-v5.min.js'),
}

const ENTRIES = [
  { id: 'core', label: 'core entry', source: 'src/lib/core/index.ts' },
  { id: 'core+hosts', label: 'core + Taro host layer', source: { contents: "export * from './src/lib/core'\nexport * from './src/lib/hosts'\nexport * from './src/lib/hosts/taro'\n" } },
  { id: 'library', label: 'whole library (<CosUploader>)', source: 'src/lib/index.ts' },
]

async function measureBundles() {
  const official = {}
  for (const [name, file] of Object.entries(OFFICIAL)) official[name] = byteCost(fs.readFileSync(file))
  const wx = official['cos-wx-sdk-v5']
  const js = official['cos-js-sdk-v5']
  const rows = []
  for (const entry of ENTRIES) {
    const ours = await bundleCost(entry.source)
    rows.push({
      id: entry.id, label: entry.label, ours,
      baselines: official,
      ratios: { rawVsWx: ratio(ours.raw, wx.raw), gzipVsWx: ratio(ours.gzip, wx.gzip), rawVsJs: ratio(ours.raw, js.raw), gzipVsJs: ratio(ours.gzip, js.gzip) },
    })
  }
  return rows
}

module.exports = { measureBundles }
