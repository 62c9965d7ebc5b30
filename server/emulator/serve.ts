// Plumbing for the long-running commands (emulator, sts, npm start): numeric flags and running until
// SIGINT/SIGTERM.

/** A flag's number, or `fallback` when absent; throws naming the flag when it isn't a number. */
export function numberFlag(value: string | undefined, flag: string, fallback?: number): number | undefined {
  if (value === undefined) return fallback
  const parsed = Number(value)
  if (value.trim() === '' || !isFinite(parsed)) throw new Error(`--${flag} must be a number, got "${value}"`)
  return parsed
}

/** Resolves on the first SIGINT or SIGTERM, after `stop` has run. */
export function untilStopped(stop: () => Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    const onSignal = () => {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
      stop().then(resolve, reject)
    }
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
  })
}
