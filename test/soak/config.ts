// What a soak run does: how many uploads of which sizes, the faults injected (at random, and forced on chosen
// attempts so that every kind of failure the engine must handle happens in every run), and the schedule of
// credential expiry, device clock skew and cancels.

export interface SoakConfig {
  /** Uploads to fresh keys. Sizes are drawn log-uniformly in [minBytes, maxBytes] (both ends included). */
  uploads: number
  minBytes: number
  maxBytes: number
  /** Drawn from [3, 10] when absent. */
  concurrency?: number
  /** Seeds the files, the concurrency, the engine's key and backoff draws, and the emulator's random faults. */
  seed: number
  /** Random faults, as shares of requests: 5xx answers, resets mid-body, answers lost after storing, requests held unanswered (the client times out), latency spikes. */
  errorRate: number
  resetRate: number
  lostAnswerRate: number
  stallRate: number
  latencySpikeRate: number
  latencySpikeMs: number
  /** Every Nth upload's first attempt is answered 503 (forced): each run retries, and reports nothing before COS answers. */
  forcedErrorEvery: number
  /**
   * Fixed keys written `overwritesPerKey` times each, one after the other, with files of the same size
   * (`overwriteBytes`) and different bytes. Every overwrite's first attempt is reset mid-body, held unanswered or
   * answered and then reset (forced), so "done" must tell this attempt's object from the one before.
   */
  overwriteKeys: number
  overwritesPerKey: number
  overwriteBytes: number
  /** STS failures (forced): the first fetch answers 502; after the expiry, one answer lacks tmpSecretKey, the next takes `stsSlowMs`. */
  stsTimeoutMs: number
  stsSlowMs: number
  /** When this share of the uploads has settled, the server clock passes the credentials' expiry. */
  expiryAt: number
  /** From this share of settled uploads to the end of the run, the device clock is `skewMs` ahead. */
  skewFrom: number
  skewMs: number
  /** Uploads canceled, and removed, while still queued (never sent). */
  cancelQueued: number
  removeQueued: number
  /** Uploads of `cancelBytes` canceled once past 20 %; spared every fault, so only the cancel can keep them from COS. */
  cancelInFlight: number
  cancelBytes: number
  /** Per attempt: the whole attempt, and an attempt without progress (which ends a request left unanswered). */
  attemptTimeoutMs: number
  idleTimeoutMs: number
  /** Tasks not settled by then count as hung. */
  runTimeoutMs: number
}

/** `npm run soak`. */
export const LONG_SOAK: SoakConfig = {
  uploads: 500, minBytes: 1024, maxBytes: 5 * 1024 * 1024, seed: 7,
  errorRate: 0.1, resetRate: 0.03, lostAnswerRate: 0.02, stallRate: 0.005, latencySpikeRate: 0.05, latencySpikeMs: 3000,
  forcedErrorEvery: 10,
  overwriteKeys: 5, overwritesPerKey: 6, overwriteBytes: 300 * 1024,
  stsTimeoutMs: 2000, stsSlowMs: 3000,
  expiryAt: 0.3, skewFrom: 0.55, skewMs: 10 * 60 * 1000,
  cancelQueued: 10, removeQueued: 5, cancelInFlight: 5, cancelBytes: 4 * 1024 * 1024,
  attemptTimeoutMs: 60_000, idleTimeoutMs: 8000, runTimeoutMs: 20 * 60 * 1000,
}

/** The soak in `npm test`: every kind of fault and schedule step, 60 uploads. */
export const SHORT_SOAK: SoakConfig = {
  ...LONG_SOAK,
  uploads: 60, maxBytes: 256 * 1024, seed: 53, concurrency: 6, latencySpikeMs: 400,
  forcedErrorEvery: 6,
  overwriteKeys: 3, overwritesPerKey: 4, overwriteBytes: 64 * 1024,
  stsTimeoutMs: 500, stsSlowMs: 1000,
  cancelQueued: 3, removeQueued: 2, cancelInFlight: 2, cancelBytes: 2 * 1024 * 1024,
  attemptTimeoutMs: 20_000, idleTimeoutMs: 2000, runTimeoutMs: 60_000,
}

/** Each run of the self-test: a smaller soak, still with every fault and every invariant. */
export const SELF_TEST_SOAK: SoakConfig = {
  ...SHORT_SOAK,
  uploads: 24, seed: 11, concurrency: 4, stallRate: 0, latencySpikeRate: 0.02,
  overwriteKeys: 2, overwritesPerKey: 3,
  cancelQueued: 2, removeQueued: 1, cancelInFlight: 2,
  runTimeoutMs: 45_000,
}
