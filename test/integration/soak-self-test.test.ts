// The soak's self-test (`npm run soak -- --self-test`, and here in `npm test`): short soaks against engines broken on
// purpose. Each must be caught by the invariant named for it; the real engine, run the same way, must pass them all.
import { writeFileSync } from 'node:fs'
import { runSoak, SELF_TEST_SOAK, soakTable, type Check } from '../soak/harness'
import { SABOTAGES, sabotagedEngine } from '../soak/sabotages'

interface Row { engine: string; expected: string; failed: string[]; exercised: string }

const rows: Row[] = []

function failedChecks(checks: Check[]): string[] {
  return checks.filter((check) => !check.ok).map((check) => check.name)
}

afterAll(() => {
  const lines = [
    'engine                                          | must be caught by                  | invariants that failed',
    ...rows.map((row) => `${row.engine.padEnd(47)} | ${row.expected.padEnd(34)} | ${row.failed.join(', ') || 'none'}${row.exercised}`),
  ]
  if (process.env.SOAK_SELF_TEST_TABLE) writeFileSync(process.env.SOAK_SELF_TEST_TABLE, lines.join('\n') + '\n')
})

it('the real engine keeps every invariant', async () => {
  const report = await runSoak(SELF_TEST_SOAK)
  rows.push({ engine: 'the real engine (control)', expected: '— (must pass all)', failed: failedChecks(report.checks), exercised: '' })
  if (failedChecks(report.checks).length) throw new Error('the control run broke invariants:\n' + soakTable(report))
}, 60_000)

it.each(SABOTAGES.map((sabotage) => [sabotage.name, sabotage] as const))('%s is caught', async (_, sabotage) => {
  const { engine, hits } = sabotagedEngine(sabotage)
  const report = await runSoak(SELF_TEST_SOAK, () => undefined, engine)
  const failed = failedChecks(report.checks)
  rows.push({ engine: sabotage.name, expected: sabotage.caughtBy.join(' or '), failed, exercised: hits() ? '' : '  (NOT EXERCISED: it never acted)' })
  expect(hits()).toBeGreaterThan(0)
  expect({ caught: sabotage.caughtBy.some((name) => failed.includes(name)), failed }).toEqual({ caught: true, failed })
}, 60_000)

it('a sabotage whose target moved or changed fails loudly instead of breaking nothing', () => {
  expect(() => sabotagedEngine({ ...SABOTAGES[0], exportName: 'policySignatureRenamed' })).toThrow(/0 core modules define it .* point the sabotage at what does this job now/)
  // The check runs as the engine loads the module: the engine refuses to load.
  expect(() => sabotagedEngine({ ...SABOTAGES[2], arity: 5 })).toThrow(/decideRecovery is no longer a function of 5 parameters/)
})
