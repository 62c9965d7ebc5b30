#!/usr/bin/env node
// `npm run size`: what each entry costs a mini program — esbuild --minify with react, react-dom and @tarojs/* external.
const { bundleCost } = require('./bundle-size')

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
  console.log('for scale: cos-wx-sdk-v5 1.8.0 is 205564 B raw, 57195 B gzip')
  return over ? 1 : 0
}

main().then((code) => { process.exitCode = code }, (error) => { console.error(error.message); process.exitCode = 1 })
