// The fewest uploads a correct engine ends `done` with, given the faults injected and the retry budget, and the
// formula, for the report. A transient failure is retried `maxRetries` times: a task fails only when every one of
// its attempts fails, so errors come from tasks whose budget the forced faults already spent.

export interface FloorInput {
  /** Faults forced on each task that should end done (first attempts answered 503, reset, …). */
  forcedPerTask: number[]
  rates: { error: number; reset: number; stall: number; lostAnswer: number }
  maxRetries: number
  /**
   * Forced STS failures, in waves: each costs up to `concurrency` tasks that many attempts. The waves hit different
   * tasks: the first comes before any upload, the next at the expiry, when those have long settled.
   */
  stsWaves: number[]
  concurrency: number
}

export interface Floor {
  floor: number
  /** Expected errors of a correct engine. */
  expectedErrors: number
  formula: string
}

const round = (value: number, digits = 3) => Number(value.toPrecision(digits))

export function doneFloor(input: FloorInput): Floor {
  const { error: e, reset: r, stall: s, lostAnswer: l } = input.rates
  // An attempt fails on a 5xx, a reset mid-body, a request held unanswered, or a lost answer whose HEAD fails too.
  const p = 1 - (1 - e) * (1 - r) * (1 - s) * (1 - l * (e + s))
  // Each STS wave hits the tasks with the fewest attempts left that no wave hit before: the worst case.
  const attemptsLeft = input.forcedPerTask.map((forced) => input.maxRetries + 1 - forced).sort((a, b) => a - b)
  let hit = 0
  for (const failures of input.stsWaves) {
    for (const end = Math.min(hit + input.concurrency, attemptsLeft.length); hit < end; hit++) attemptsLeft[hit] -= failures
  }
  const expectedErrors = attemptsLeft.reduce((sum, left) => sum + (left <= 0 ? 1 : p ** left), 0)
  const allowed = Math.ceil(expectedErrors + 3 * Math.sqrt(expectedErrors) + 1)
  const n = input.forcedPerTask.length
  const floor = Math.max(0, n - allowed)
  const formula = `floor = N − ⌈E + 3√E + 1⌉ = ${n} − ⌈${round(expectedErrors)} + ${round(3 * Math.sqrt(expectedErrors))} + 1⌉ = ${floor}, ` +
    `with N tasks that should end done, E = Σ p^(R+1−f) over them = ${round(expectedErrors)}, ` +
    `p = 1 − (1−e)(1−r)(1−s)(1−l·(e+s)) = ${round(p)} (e ${e}, r ${r}, s ${s}, l ${l}), R = ${input.maxRetries} retries, ` +
    `f = faults forced on the task, plus ${input.stsWaves.join(' then ')} for the ${input.concurrency} tasks with the fewest attempts left in each forced STS wave`
  return { floor, expectedErrors, formula }
}
