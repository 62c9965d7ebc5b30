// The soak's invariants, each with a name the report and the self-test use: what must hold of a run, given what the
// harness saw and what it injected. A check fails with up to five examples of what broke it.
import type { UploadTaskState } from '../../src/lib/core/upload/types'
import type { Floor } from './floor'

export interface Check { name: InvariantName; ok: boolean; detail: string }

export type InvariantName =
  | 'settles' | 'accounted' | 'only-harness-cancels' | 'done-holds-this-attempt' | 'done-is-final' | 'done-floor'
  | 'errors-explained' | 'errors-diagnosed' | 'cancel-not-stored' | 'unsent-not-stored' | 'own-keys' | 'sts-fetches'

/** Which injected faults can explain an error, by its diagnosis code. */
const EXPLAINED_BY: Record<string, string[]> = {
  'server-error': ['error'],
  'network-error': ['reset', 'lost-answer', 'stall'],
  'credentials-fetch-failed': ['sts 5xx', 'sts slow'],
  'invalid-credentials': ['sts malformed'],
}

export interface Observation {
  tasks: UploadTaskState[]
  added: number
  timedOut: boolean
  runTimeoutMs: number
  seconds: number
  /** What the done-time storage checks found wrong, and how many they checked. */
  doneMismatches: string[]
  doneChecked: number
  doneThenChanged: string[]
  canceledByHarness: Set<string>
  /** Canceled once past 20 %, and whether anything is stored at their keys. */
  canceledInFlight: Array<{ id: string; key: string; stored: boolean }>
  /** Canceled or removed before their request was sent. */
  unsent: Array<{ id: string; key: string; status: string; sent: boolean; stored: boolean }>
  removed: number
  keysSent: string[]
  taskKeys: Set<string>
  /** Injected faults by kind (emulator kinds, and `sts <kind>`). */
  injected: Record<string, number>
  concurrency: number
  floor: Floor
  sts: { fetched: number; expected: number; faults: number; injected: number }
}

function check(name: InvariantName, failures: string[], detail: string): Check {
  return { name, ok: failures.length === 0, detail: failures.length ? failures.slice(0, 5).join('; ') : detail }
}

export function checkInvariants(run: Observation): Check[] {
  const { tasks } = run
  const settled = tasks.filter((task) => ['done', 'error', 'canceled'].includes(task.status))
  const done = tasks.filter((task) => task.status === 'done')
  const errors = tasks.filter((task) => task.status === 'error')
  const canceled = tasks.filter((task) => task.status === 'canceled')

  const unexplained: string[] = []
  const byCode = new Map<string, number>()
  for (const task of errors) {
    const code = task.error?.diagnosis.code ?? '?'
    byCode.set(code, (byCode.get(code) || 0) + 1)
    const kinds = EXPLAINED_BY[code] || []
    if (!kinds.some((kind) => run.injected[kind] > 0)) unexplained.push(`${task.key}: ${code}, no fault injected explains it`)
  }
  // A fault at the COS emulator fails one request; a failed STS fetch, every task waiting for those credentials.
  const explains = (kind: string) => (run.injected[kind] || 0) * (kind.startsWith('sts ') ? run.concurrency : 1)
  for (const [code, count] of byCode) {
    const capacity = (EXPLAINED_BY[code] || []).reduce((sum, kind) => sum + explains(kind), 0)
    if (count > capacity) unexplained.push(`${count} × ${code}, more than the faults injected can explain (${capacity})`)
  }

  return [
    check('settles', [...(run.timedOut ? [`not settled after ${run.runTimeoutMs} ms`] : []),
      ...tasks.filter((task) => !settled.includes(task)).map((task) => `${task.id} ${task.status}`)],
    `${tasks.length} settled in ${run.seconds.toFixed(1)} s`),
    check('accounted', tasks.length + run.removed === run.added ? [] : [`${tasks.length} tasks + ${run.removed} removed ≠ ${run.added} added`],
      `${run.added} files`),
    check('only-harness-cancels', canceled.filter((task) => !run.canceledByHarness.has(task.id)).map((task) => `${task.id} canceled, not by the harness`),
      `${canceled.length} canceled, all by the harness`),
    check('done-holds-this-attempt', run.doneMismatches,
      `${run.doneChecked} done, each checked in storage when it reported done: this attempt's bytes, and its ETag`),
    check('done-is-final', run.doneThenChanged, `${done.length} done, none changed after`),
    check('done-floor', done.length >= run.floor.floor ? [] : [`${done.length} done, below the ${run.floor.formula}`], `${done.length} done ≥ ${run.floor.formula}`),
    check('errors-explained', unexplained, `${errors.length} errors (${[...byCode].map(([code, n]) => `${n} ${code}`).join(', ') || 'none'}), each explained by an injected fault`),
    check('errors-diagnosed', errors
      .filter(({ error }) => !error || !error.diagnosis.code || !error.diagnosis.message.en || !error.diagnosis.message['zh-CN'])
      .map((task) => `${task.id}: ${task.error?.message}`), `${errors.length} errors, each with a code and text in zh-CN and en`),
    check('cancel-not-stored', run.canceledInFlight.flatMap(({ id, key, stored }) => [
      ...(stored ? [`${id}: ${key} is stored although canceled mid-upload`] : []),
      ...(done.some((task) => task.id === id) ? [`${id} reported done`] : []),
    ]), `${run.canceledInFlight.length} canceled mid-upload, none stored`),
    check('unsent-not-stored', run.unsent.flatMap(({ id, key, status, sent, stored }) => [
      ...(status !== 'canceled' && status !== 'removed' ? [`${id} is ${status}`] : []),
      ...(sent ? [`${id}: its key was sent`] : []),
      ...(stored ? [`${id}: ${key} is stored`] : []),
    ]), `${run.unsent.length} canceled or removed before sending, none sent or stored`),
    check('own-keys', [...new Set(run.keysSent)].filter((key) => !run.taskKeys.has(key)).map((key) => `${key} is no task's key`),
      `${run.keysSent.length} requests, each with its task's key (retries overwrite, never duplicate)`),
    check('sts-fetches', run.sts.fetched === run.sts.expected && run.sts.faults === run.sts.injected ? []
      : [`${run.sts.fetched} fetches answered with keys (expected ${run.sts.expected}), ${run.sts.faults} failed (injected ${run.sts.injected})`],
    `${run.sts.fetched} = 1 initial + 1 after the expiry, plus ${run.sts.faults} injected failures`),
  ]
}
