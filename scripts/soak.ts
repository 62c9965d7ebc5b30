// `npm run soak`: the long fault-injection soak (issue 7). Prints the figures and the invariant checks as a
// table; exits 1 if any invariant fails. `SOAK_UPLOADS=<n>` and `SOAK_SEED=<n>` override the defaults; the seed
// draws the files, the cancels and the emulator's faults, so a failing run can be replayed with its seed.
import { LONG_SOAK, runSoak, soakTable } from '../test/soak/harness'

async function main(): Promise<number> {
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

main().then((code) => { process.exitCode = code }, (error) => {
  console.error(error)
  process.exitCode = 1
})
