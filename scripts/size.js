#!/usr/bin/env node
// `npm run size`: what each entry costs a mini program — esbuild --minify with react, react-dom and @tarojs/* external.
const fs = require('node:fs')
const { bundleCost, byteCost } = require('./bundle-size')

const ENTRIES = [
  { name: 'core', file: 'src/lib/core/index.ts', budget: 12000 },
  { name: 'full', file: 'src/lib/index.ts', budget: 30000 },
]

async function main() {
  const rows = []
  for (const entry of ENTRIES) rows.push({ ...entry, ...(await bundleCost(entry.file)) })
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(rows.map(({ name, raw, gzip, budget }) => ({ name, raw, gzip, budget }))))
    return 0
  }
  let over = 0
  for (const r of rows) {
    const verdict = r.raw <= r.budget ? 'within budget' : `OVER BUDGET by ${r.raw - r.budget} B`
    if (r.raw > r.budget) over++
    console.log(`${r.name.padEnd(5)} ${String(r.raw).padStart(7)} B raw ${String(r.gzip).padStart(6)} B gzip  (budget ${r.budget} B raw: ${verdict})`)
  }
  // Measured the same way as ours (raw, gzip -9), from the devDependency's shipped min file.
  const official = byteCost(fs.readFileSync(require.resolve('cos-wx-sdk-v5/dist/cos-wx-sdk-v5.min.js')))
  console.log(`for scale: cos-wx-sdk-v5 (min) is ${official.raw} B raw, ${official.gzip} B gzip`)
  return over ? 1 : 0
}

main().then((code) => { process.exitCode = code }, (error) => { console.error(error.message); process.exitCode = 1 })
