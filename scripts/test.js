#!/usr/bin/env node
// `npm test`: type-check, build the demo for every host and the uni-app demo, then every jest project (unit,
// component, integration against the emulator, miniprogram-simulate, Chromium e2e). Ends with a plain
// "N passed, N failed, N skipped" line; a skipped test never counts as passed.
const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const buildAll = require('./build-all')
const uniDemo = require('./uni-demo')

const root = path.join(__dirname, '..')

function run(label, command, args) {
  console.log(`\n== ${label}`)
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env })
  return result.status === 0
}

function main() {
  // vue-tsc is tsc that also reads .vue files: the uni-app component's script and template are type-checked too.
  if (!run('typecheck (vue-tsc --noEmit)', process.execPath, [require.resolve('vue-tsc/bin/vue-tsc.js'), '--noEmit'])) return 1
  console.log('\n== build the demo for every host')
  if (buildAll.main(require('./hosts'))) return 1
  console.log('\n== build the uni-app demo (installed from the tarball like a user\'s app; cached)')
  if (uniDemo.main(uniDemo.UNI_PLATFORMS)) return 1

  const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jest-')), 'report.json')
  const jestOk = run('jest (all projects)', process.execPath,
    [require.resolve('jest/bin/jest'), '--ci', '--json', `--outputFile=${report}`, ...process.argv.slice(2)])
  if (!fs.existsSync(report)) return 1
  const r = JSON.parse(fs.readFileSync(report, 'utf8'))
  const skipped = r.numPendingTests + r.numTodoTests
  console.log(`\n${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`)
  if (skipped > 0) console.log('Skipped tests are not passing tests: un-skip or delete them.')
  return jestOk && r.numFailedTests === 0 && skipped === 0 && r.numFailedTestSuites === 0 ? 0 : 1
}

process.exitCode = main()
