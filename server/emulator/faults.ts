// Fault injection, off by default: a skewed clock, 5xx answers, connections reset mid-body or instead of the
// answer, requests left unanswered, latency (constant or in spikes) and a bandwidth limit on request bodies.

import { seededRandom } from './seededRandom'

export interface FaultConfig {
  /** Added to the emulator's clock (signature windows, Date header, policy expiration, STS times). */
  clockOffsetSeconds: number
  /** Share (0–1) of bucket requests answered with `errorStatus` before they are processed. */
  errorRate: number
  /** 500 (InternalError) or 503 (ServiceUnavailable). */
  errorStatus: 500 | 503
  /** Share (0–1) of requests with a body whose connection is reset after `resetAfterBytes` body bytes. */
  resetRate: number
  resetAfterBytes: number
  /** Share (0–1) of requests with a body that are processed (stored) but answered with a connection reset. */
  lostAnswerRate: number
  /** Share (0–1) of bucket requests held unread and unanswered until the client gives up (its timeout fires). */
  stallRate: number
  /** Added before each bucket request is processed. */
  latencyMs: number
  /** Share (0–1) of bucket requests delayed by a further `latencySpikeMs`. */
  latencySpikeRate: number
  latencySpikeMs: number
  /** Request-body read rate; 0 = unlimited. */
  bandwidthBytesPerSecond: number
  /** Seeds the fault draws, so a run can be replayed; unset = Math.random. Setting it restarts the sequence. */
  seed?: number
}

export const NO_FAULTS: FaultConfig = {
  clockOffsetSeconds: 0,
  errorRate: 0,
  errorStatus: 503,
  resetRate: 0,
  resetAfterBytes: 64 * 1024,
  lostAnswerRate: 0,
  stallRate: 0,
  latencyMs: 0,
  latencySpikeRate: 0,
  latencySpikeMs: 2000,
  bandwidthBytesPerSecond: 0,
}

const LIMITS: Record<keyof FaultConfig, (value: number) => boolean> = {
  clockOffsetSeconds: (v) => Math.abs(v) <= 10 * 365 * 86400,
  errorRate: (v) => v >= 0 && v <= 1,
  errorStatus: (v) => v === 500 || v === 503,
  resetRate: (v) => v >= 0 && v <= 1,
  resetAfterBytes: (v) => v >= 0,
  lostAnswerRate: (v) => v >= 0 && v <= 1,
  stallRate: (v) => v >= 0 && v <= 1,
  latencyMs: (v) => v >= 0 && v <= 600000,
  latencySpikeRate: (v) => v >= 0 && v <= 1,
  latencySpikeMs: (v) => v >= 0 && v <= 600000,
  bandwidthBytesPerSecond: (v) => v >= 0,
  seed: (v) => Number.isInteger(v) && v >= 0 && v <= 0xffffffff,
}

const RANGES: Record<keyof FaultConfig, string> = {
  clockOffsetSeconds: 'at most 10 years either way',
  errorRate: '0 to 1',
  errorStatus: '500 or 503',
  resetRate: '0 to 1',
  resetAfterBytes: '0 or more',
  lostAnswerRate: '0 to 1',
  stallRate: '0 to 1',
  latencyMs: '0 to 600000',
  latencySpikeRate: '0 to 1',
  latencySpikeMs: '0 to 600000',
  bandwidthBytesPerSecond: '0 or more',
  seed: 'an integer from 0 to 4294967295',
}

/** Validates a partial fault config (from flags or the admin endpoint); throws a readable Error. */
export function parseFaults(input: unknown): Partial<FaultConfig> {
  if (!input || typeof input !== 'object' || Array.isArray(input)) throw new Error('faults must be a JSON object')
  const out: Partial<FaultConfig> = {}
  for (const [index, [name, value]] of Object.entries(input as Record<string, unknown>).entries()) {
    const check = LIMITS[name as keyof FaultConfig]
    // Told by position: an unknown name is input text, and not echoed.
    if (!check) throw new Error(`fault ${index + 1} is not a known fault (known: ${Object.keys(LIMITS).join(', ')})`)
    if (typeof value !== 'number' || !isFinite(value) || !check(value)) throw new Error(`fault "${name}" is out of range (${RANGES[name as keyof FaultConfig]})`)
    ;(out as Record<string, number>)[name] = value
  }
  return out
}

export type FaultKind = 'error' | 'reset' | 'lost-answer' | 'stall' | 'latency-spike'

/** Whether a fault of `kind` with probability `rate` hits this request. */
export type FaultDraw = (kind: FaultKind, rate: number) => boolean

const KINDS: FaultKind[] = ['error', 'reset', 'lost-answer', 'latency-spike', 'stall']

/**
 * With a seed, each kind of fault draws from its own stream, so the uploads that get a reset don't change with how
 * HEADs and other requests interleave with them. The streams are offset from `seed` so none repeats the mulberry32
 * stream a caller seeds with the same number (the soak harness draws its file sizes from one).
 */
export function faultDraw(seed: number | undefined): FaultDraw {
  if (seed === undefined) return (_kind, rate) => rate > 0 && Math.random() < rate
  const streams = new Map(KINDS.map((kind, i) => [kind, seededRandom(seed + 0x9e3779b9 * (i + 1))]))
  return (kind, rate) => rate > 0 && streams.get(kind)!() < rate
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * A request may name the one fault it gets, for tests that need a fault on that request and no other: `error`,
 * `reset`, `lost-answer` or `stall`; `none` spares it the random ones. An emulator-only header (COS ignores it).
 */
export const FORCED_FAULT_HEADER = 'x-cos-emulator-fault'

const FORCEABLE = ['error', 'reset', 'lost-answer', 'stall', 'none'] as const

/** The draw for one request: the header's fault for sure (and no other), or `draw` when it names none. */
export function requestFaultDraw(header: string | string[] | undefined, draw: FaultDraw): { draw: FaultDraw; forced: boolean } | undefined {
  if (header === undefined) return { draw, forced: false }
  const forced = FORCEABLE.find((kind) => kind === header)
  if (!forced) return undefined
  return { draw: (kind) => kind === forced, forced: true }
}
