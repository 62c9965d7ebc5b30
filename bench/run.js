#!/usr/bin/env node
// `npm run bench`: every measurement of issues 6, 13 and 14 side by side with its baseline; prints a table, writes
// bench/results.json and, when every part ran, bench/PERFORMANCE.md (the README's "Performance" section).
// Options: --quick (smaller cases × 2 rounds: checks the harness, numbers not to quote), --files N, --rounds N,
// --reuse-build (use bench/tmp's H5 build), --only bundle,apps,upload,signing,render, --label TEXT (a line above the
// table, e.g. what code was measured). --trace instead traces one upload of the batch per contestant (bench/trace.js);
// --self-test proves the budgets of issue 14 can fail (bench/self-test.js).
const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
require('tsx/cjs/api').register()
const { applyBudgets } = require('./budgets')
const { measureBundles } = require('./bundle')
const { markdown, textTable } = require('./report')
const { measureRender } = require('./render')
const { measureSigning } = require('./signing')
const { measureUploads } = require('./upload')
const { measureAppSizes } = require('./app-size')
const { traceMarkdown } = require('./lib/trace-summary')
const { selfTest } = require('./self-test')
const { traceUploads } = require('./trace')

const PARTS = ['bundle', 'apps', 'upload', 'signing', 'render']

class UsageError extends Error {}

function options(argv) {
  const value = (name) => {
    const index = argv.indexOf(name)
    return index < 0 ? undefined : argv[index + 1]
  }
  const number = (name, fallback) => {
    const text = value(name)
    if (text === undefined) return fallback
    if (!/^[1-9]\d*$/.test(text)) throw new UsageError(`${name} must be a positive integer, got "${text}"`)
    return Number(text)
  }
  const quick = argv.includes('--quick')
  const only = value('--only') ? value('--only').split(',') : PARTS
  const unknown = only.filter((part) => !PARTS.includes(part))
  if (unknown.length) throw new UsageError(`--only knows ${PARTS.join(', ')}; not ${unknown.join(', ')}`)
  const label = value('--label')
  if (argv.includes('--label') && !label) throw new UsageError('--label needs a text')
  return { files: number('--files', quick ? 3 : 20), rounds: number('--rounds', quick ? 2 : 5), signatures: quick ? 2000 : 10000,
    quick, reuseBuild: argv.includes('--reuse-build'), only, label, trace: argv.includes('--trace'), selfTest: argv.includes('--self-test') }
}

function machine() {
  const cpus = os.cpus()
  let chromium = 'Chromium'
  try {
    chromium = execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
  } catch {
    // reported as plain "Chromium"
  }
  return { cores: cpus.length, cpu: cpus[0] ? cpus[0].model.trim() : 'unknown', memoryGb: Math.round(os.totalmem() / 2 ** 30),
    loadAverage: os.loadavg().map((load) => load.toFixed(2)).join(' '), node: process.version, chromium, platform: `${os.platform()} ${os.release()}` }
}

/** The command that reproduces the numbers: the label, printed above them, changes none of them. */
function commandOf(argv) {
  const label = argv.indexOf('--label')
  const args = label < 0 ? argv : [...argv.slice(0, label), ...argv.slice(label + 2)]
  return ['npm run bench', ...(args.length ? ['--', ...args] : [])].join(' ')
}

/** `--trace`: bench/tmp/trace-<contestant>.json and bench/tmp/trace-summary.md; results.json is left alone. */
async function trace(opts) {
  process.stderr.write(`bench: tracing one ${opts.files}-file upload per contestant (H5 build with source maps first)…\n`)
  const load = machine().loadAverage
  const summary = `# Where the upload time goes (npm run bench -- --trace, ${new Date().toISOString()}, load average ${load})\n\n` +
    traceMarkdown(await traceUploads(opts))
  const file = path.join(__dirname, 'tmp', 'trace-summary.md')
  fs.writeFileSync(file, summary)
  console.log(summary)
  console.log(`${path.relative(process.cwd(), file)} written; the traces beside it open in DevTools' Performance panel or https://ui.perfetto.dev.`)
}

async function main() {
  const argv = process.argv.slice(2)
  const opts = options(argv)
  if (opts.trace) return trace(opts)
  if (opts.selfTest) {
    process.exitCode = selfTest()
    return
  }
  const started = Date.now()
  const results = {
    date: new Date().toISOString(),
    command: commandOf(argv),
    ...(opts.label && { label: opts.label }),
    machine: machine(),
    protocol: { files: opts.files, rounds: opts.rounds,
      full: !opts.quick && opts.files >= 20 && opts.rounds >= 5 && opts.only.length === PARTS.length },
  }
  const step = async (part, label, measure) => {
    if (!opts.only.includes(part)) return
    const t0 = Date.now()
    process.stderr.write(`bench: ${label}…\n`)
    Object.assign(results, await measure())
    process.stderr.write(`bench: ${label} done in ${Math.round((Date.now() - t0) / 1000)} s\n`)
  }
  await step('bundle', 'bundle sizes (size-limit)', async () => ({ bundles: await measureBundles() }))
  await step('apps', 'one-page dist/weapp, dist/h5 and uni-app mp-weixin with and without the library (4 Taro and 2 uni builds)', async () =>
    measureAppSizes({ wxSdkRaw: fs.statSync(require.resolve('cos-wx-sdk-v5/dist/cos-wx-sdk-v5.min.js')).size }))
  await step('upload', `Chromium uploads: 6 cases × ${opts.rounds} alternated rounds × 3 contestants (H5 build first)`,
    () => measureUploads(opts))
  await step('signing', 'signing speed in Node', async () => ({ signing: await measureSigning({ rounds: opts.rounds, count: opts.signatures }) }))
  await step('render', 'React commits under 100 progress events/s (jest + jsdom)', async () => ({ render: await measureRender() }))
  results.seconds = Math.round((Date.now() - started) / 1000)
  results.machine.loadAverageEnd = machine().loadAverage

  fs.writeFileSync(path.join(__dirname, 'results.json'), JSON.stringify(results, null, 2) + '\n')
  console.log(textTable(results))
  console.log('')
  for (const budget of applyBudgets(results)) console.log(budget.verdict)
  console.log(`\nbench/results.json written (${results.seconds} s). \`npm run bench:check\` applies the budgets.`)
  if (opts.only.length === PARTS.length) {
    fs.writeFileSync(path.join(__dirname, 'PERFORMANCE.md'), markdown(results))
    console.log('bench/PERFORMANCE.md written: paste it into README.md as the "Performance" section.')
  } else {
    console.log('Not every part ran: bench/PERFORMANCE.md left as it was.')
  }
  if (!results.protocol.full) console.log("NOTE: fewer than the issue's 20 files × 5 rounds: check the harness with these numbers, don't quote them.")
}

main().catch((error) => {
  console.error(`bench: ${error instanceof UsageError ? error.message : error && error.stack ? error.stack : error}`)
  process.exitCode = 1
})
