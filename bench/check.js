#!/usr/bin/env node
// `npm run bench:check`: applies the issue's budgets to the latest bench/results.json (from `npm run bench`) and says
// in plain words which are missed. Exit 1 when any is missed or was not measured.
const fs = require('node:fs')
const path = require('node:path')
const { applyBudgets } = require('./budgets')

const RESULTS = path.join(__dirname, 'results.json')

function main() {
  if (!fs.existsSync(RESULTS)) {
    console.error('bench:check: no bench/results.json — run `npm run bench` first.')
    return 1
  }
  const results = JSON.parse(fs.readFileSync(RESULTS, 'utf8'))
  console.log(`bench:check on the run of ${results.date} (${results.machine.cores} × ${results.machine.cpu}, ${results.command})`)
  if (!results.protocol.full) {
    console.log(`NOTE: this was not the issue's protocol (${results.protocol.files} files × ${results.protocol.rounds} rounds; ` +
      'the issue asks for 20 files × 5 rounds). Run `npm run bench` without --quick for numbers to quote.')
  }
  const verdicts = applyBudgets(results)
  for (const { verdict } of verdicts) console.log(`  ${verdict}`)
  const unmeasured = verdicts.filter((v) => v.value === undefined).length
  const missed = verdicts.filter((v) => !v.met).length - unmeasured
  console.log(missed + unmeasured === 0 ? 'All budgets met.'
    : `${missed} of ${verdicts.length} budgets missed${unmeasured ? `, ${unmeasured} not measured` : ''}.`)
  return missed + unmeasured === 0 ? 0 : 1
}

process.exitCode = main()
