// `npm run soak`: the long fault-injection soak (issues 7 and 12). Prints the figures and the invariant checks as a
// table; exits 1 if any invariant fails. `SOAK_UPLOADS=<n>` and `SOAK_SEED=<n>` override the defaults; the seed
// draws the files, the cancels and the emulator's random faults, so a failing run can be replayed with its seed.
// `npm run soak -- --self-test`: short soaks against engines broken on purpose (test/soak/sabotages.ts), each of which
// must be caught by a named invariant; it runs under jest, which can swap a module of the engine for a broken one.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LONG_SOAK, runSoak, soakTable } from '../test/soak/harness'

const ROOT = join(__dirname, '..')

async function soak(): Promise<number> {
  const config = {
    ...LONG_SOAK,
    uploads: Number(process.env.SOAK_UPLOADS) || LONG_SOAK.uploads,
    seed: Number(process.env.SOAK_SEED) || LONG_SOAK.seed,
  }
  const report = await runSoak(config, (line) => console.log(line))
  console.log('\n' + soakTable(report))
  const failed = report.checks.filter((check) => !check.ok)
  console.log(failed.length ? `\nSOAK FAILED: ${failed.length} invariant(s) broken` : '\nsoak passed: every invariant holds')
  return failed.length ? 1 : 0
}

function selfTest(): number {
  const dir = mkdtempSync(join(tmpdir(), 'soak-self-test-'))
  const table = join(dir, 'table.txt')
  try {
    const jest = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--runTestsByPath', 'test/integration/soak-self-test.test.ts'],
      { cwd: ROOT, stdio: 'inherit', env: { ...process.env, SOAK_SELF_TEST_TABLE: table } })
    console.log('\n' + readFileSync(table, 'utf8'))
    console.log(jest.status === 0 ? 'self-test passed: every sabotage caught, the real engine clean' : 'SELF-TEST FAILED')
    return jest.status === 0 ? 0 : 1
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const run = process.argv.includes('--self-test') ? Promise.resolve(selfTest()) : soak()
run.then((code) => { process.exitCode = code }, (error) => {
  console.error(error)
  process.exitCode = 1
})
