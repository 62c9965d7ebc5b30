// The fault-injection soak (issues 7 and 12): the upload engine, the Node transport, the project's COS emulator
// and STS service, under random and forced faults (5xx, resets mid-body, lost answers, requests left unanswered,
// latency spikes, STS failures), a credential expiry, a device clock skew, cancels, and fixed keys overwritten with
// files of the same size. It checks every invariant (invariants.ts) and returns the figures for the table.
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startEmulator } from '../../server/emulator'
import { FORCED_FAULT_HEADER, type FaultKind } from '../../server/emulator/faults'
import { startSts } from '../../server/sts'
import { createNodeTransport } from '../../src/lib/node/transport'
import { defaultRetryLimits } from '../../src/lib/core/upload/retry'
import { createUploader } from '../../src/lib/core/upload/engine'
import type { FormTransport } from '../../src/lib/core/transport'
import type { PickedFile, TaskStatus, UploadTaskState } from '../../src/lib/core/upload/types'
import { seededRandom } from '../support/random-requests'
import type { SoakConfig } from './config'
import { startFaultySts } from './faultySts'
import { doneFloor } from './floor'
import { checkInvariants, type Check } from './invariants'

export { LONG_SOAK, SELF_TEST_SOAK, SHORT_SOAK, type SoakConfig } from './config'
export type { Check, InvariantName } from './invariants'

/**
 * What the soak runs: the real engine, or (in the self-test) one broken on purpose. The transport comes with it:
 * both must share one copy of the core's modules (its error classes above all).
 */
export interface SoakEngine {
  createUploader: typeof createUploader
  createNodeTransport: typeof createNodeTransport
}

export interface SoakReport {
  config: SoakConfig
  figures: Array<[string, number | string]>
  checks: Check[]
}

const BUCKET = 'examplebucket-1250000000'
const PREFIX = 'soak/'
const SETTLED: TaskStatus[] = ['done', 'error', 'canceled']
const TTL_SECONDS = 1800

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex')
const md5 = (data: Buffer) => `"${createHash('md5').update(data).digest('hex')}"`

interface SoakFile extends PickedFile { bytes: Buffer; key: string }

type Forced = FaultKind | 'none'

/**
 * Observes what the engine sends and gets back, at the transport boundary (the real Node transport underneath), and
 * names the fault each attempt gets from the emulator where the harness forces one.
 */
function observedTransport(inner: FormTransport, forcedFor: (key: string) => Forced | undefined) {
  const seen = { uploads: 0, keysSent: [] as string[], byStatus: new Map<number, number>(), failedMidBody: 0, failedAfterBody: 0, heads: 0, headsFound: 0 }
  const transport: FormTransport = {
    uploadForm(request) {
      seen.uploads++
      seen.keysSent.push(request.formData.key)
      const forced = forcedFor(request.formData.key)
      const task = inner.uploadForm(forced ? { ...request, headers: { ...request.headers, [FORCED_FAULT_HEADER]: forced } } : request)
      let bodySent = false
      task.onProgress((progress) => { bodySent = progress.percent >= 100 })
      task.response.then((response) => {
        seen.byStatus.set(response.statusCode, (seen.byStatus.get(response.statusCode) || 0) + 1)
      }, (error: { kind?: string }) => {
        if (error.kind === 'canceled') return
        if (bodySent) seen.failedAfterBody++
        else seen.failedMidBody++
      })
      return task
    },
    async head(request) {
      seen.heads++
      const response = await inner.head!(request)
      if (response.statusCode === 200) seen.headsFound++
      return response
    },
  }
  return { transport, seen }
}

function writeFile(dir: string, name: string, size: number, key: string): SoakFile {
  const bytes = randomBytes(size)
  const path = join(dir, name)
  writeFileSync(path, bytes)
  return { path, size, type: 'image/jpeg', name, bytes, key }
}

export async function runSoak(config: SoakConfig, log: (line: string) => void = () => undefined, engine: SoakEngine = { createUploader, createNodeTransport }): Promise<SoakReport> {
  const random = seededRandom(config.seed)
  const concurrency = config.concurrency ?? 3 + Math.floor(random() * 8)
  if (config.latencySpikeMs >= config.idleTimeoutMs) throw new Error('latencySpikeMs must stay under idleTimeoutMs: a spike is not a timeout')
  const dir = mkdtempSync(join(tmpdir(), 'cos-soak-'))
  // The same seed draws the same random faults, so a run can be replayed (up to the order concurrent requests arrive in).
  const emulator = await startEmulator({ quiet: true, faults: { seed: config.seed } })
  const sts = await startSts({
    emulator, quiet: true, ttlSeconds: TTL_SECONDS, rateLimitPerMinute: 100_000,
    scope: { actions: ['name/cos:PostObject', 'name/cos:HeadObject'], allowPrefix: [PREFIX] },
  })
  const faultySts = await startFaultySts(sts.url, config.stsSlowMs)
  const injected: Record<string, number> = {}
  emulator.events.on('fault', ({ fault }: { fault: string }) => { injected[fault] = (injected[fault] || 0) + 1 })
  try {
    const span = Math.log(config.maxBytes / config.minBytes)
    const sizeOf = (i: number) => (i === 0 ? config.minBytes : i === 1 ? config.maxBytes : Math.round(config.minBytes * Math.exp(random() * span)))
    const files = Array.from({ length: config.uploads }, (_, i) => writeFile(dir, `file-${i}.jpg`, sizeOf(i), `${PREFIX}file-${i}.jpg`))
    const cancelTargets = Array.from({ length: config.cancelInFlight }, (_, i) => writeFile(dir, `cancel-${i}.jpg`, config.cancelBytes, `${PREFIX}cancel-${i}.jpg`))
    const chains = Array.from({ length: config.overwriteKeys }, (_, k) => Array.from({ length: config.overwritesPerKey },
      (_, i) => writeFile(dir, `fixed-${k}-${i}.jpg`, config.overwriteBytes, `${PREFIX}fixed-${k}.jpg`)))
    const bytes = [...files, ...cancelTargets, ...chains.flat()].reduce((sum, file) => sum + file.size, 0)
    log(`soak: ${files.length} uploads, ${cancelTargets.length} to cancel mid-upload, ${chains.length} keys overwritten ${config.overwritesPerKey} times; ` +
      `${(bytes / 1048576).toFixed(1)} MiB, concurrency ${concurrency}`)

    // The faults forced on the next attempts at a key, in order.
    const forcedAttempts = new Map<string, Forced[]>()
    const force = (key: string, faults: Forced[]) => forcedAttempts.set(key, [...faults])
    const forcedPerTask = new Map<string, number>()
    files.forEach((file, i) => {
      if (config.forcedErrorEvery && i % config.forcedErrorEvery === config.forcedErrorEvery - 1) force(file.key, ['error'])
    })
    for (const file of cancelTargets) force(file.key, Array(20).fill('none'))
    const OVERWRITE_FAULTS: Forced[] = ['reset', 'lost-answer', 'reset', 'stall']

    const { transport, seen } = observedTransport(engine.createNodeTransport(), (key) => forcedAttempts.get(key)?.shift())
    let skewMs = 0
    const startedMs = Date.now()
    // This STS backend answers without startTime (as many custom ones do), so the device signs on its own clock
    // corrected by the offset learned from the Date header: the skew and the expiry both exercise that path.
    const getCredentials = async () => {
      const response = await fetch(`${faultySts.url}/sts`, { signal: AbortSignal.timeout(config.stsTimeoutMs) })
      if (!response.ok) throw new Error(`STS answered ${response.status}`)
      const { startTime, ...rest } = await response.json() as Record<string, unknown>
      return rest
    }
    const byPath = new Map<string, SoakFile>([...files, ...cancelTargets, ...chains.flat()].map((file) => [file.path, file]))
    const uploader = engine.createUploader({
      location: { bucket: BUCKET, region: emulator.region, endpoint: `http://{bucket}.cos.{region}.localhost:${emulator.port}` },
      transport, getCredentials, concurrency,
      keyOf: (file) => byPath.get(file.path)!.key,
      timeout: config.attemptTimeoutMs,
      idleTimeout: config.idleTimeoutMs,
      now: () => Date.now() + skewMs,
      random: seededRandom(config.seed + 1),
    })
    faultySts.schedule('5xx')
    emulator.setFaults({
      errorRate: config.errorRate, resetRate: config.resetRate, resetAfterBytes: 8 * 1024, stallRate: config.stallRate,
      lostAnswerRate: config.lostAnswerRate, latencySpikeRate: config.latencySpikeRate, latencySpikeMs: config.latencySpikeMs,
    })

    const everDone = new Set<string>()
    const doneThenChanged = new Set<string>()
    const doneMismatches: string[] = []
    const doneChecks: Array<Promise<void>> = []
    const canceledBeforeSend = new Map<string, string>()
    const removedBeforeSend = new Map<string, string>()
    const canceledInFlight = new Map<string, string>()
    const settledTasks = new Map<string, (state: UploadTaskState) => void>()
    let expired = false
    let skewed = false

    // Checked when the task reports done, before anything else may write its key: "done" means this attempt's bytes
    // are stored, not an older object of the same size.
    const checkDone = async (task: UploadTaskState) => {
      const file = byPath.get(task.file.path)!
      const stored = await emulator.readObject(BUCKET, task.key)
      if (!stored) doneMismatches.push(`${task.key} reported done, nothing stored`)
      else if (sha256(stored) !== sha256(file.bytes)) doneMismatches.push(`${task.key} reported done, another upload's bytes stored`)
      if (task.result?.key !== task.key || task.result.size !== file.size) doneMismatches.push(`${task.key}: result ${JSON.stringify(task.result)}`)
      else if (task.result.etag !== md5(file.bytes)) doneMismatches.push(`${task.key}: result ETag ${task.result.etag} is not this file's`)
    }

    const total = files.length + cancelTargets.length + chains.flat().length
    const onTasks = (tasks: UploadTaskState[]) => {
      for (const task of tasks) {
        if (everDone.has(task.id) && task.status !== 'done') doneThenChanged.add(task.id)
        if (task.status === 'done' && !everDone.has(task.id)) {
          everDone.add(task.id)
          doneChecks.push(checkDone(task))
        }
        if (SETTLED.includes(task.status)) settledTasks.get(task.id)?.(task)
      }
      const share = tasks.filter((task) => SETTLED.includes(task.status)).length / total
      if (!expired && share >= config.expiryAt) {
        expired = true
        log(`soak: credentials expire on the server (clock +${TTL_SECONDS + 60} s) at ${(share * 100).toFixed(0)}% settled`)
        faultySts.schedule('malformed', 'slow')
        emulator.setFaults({ clockOffsetSeconds: emulator.faults().clockOffsetSeconds + TTL_SECONDS + 60 })
      }
      if (!skewed && share >= config.skewFrom) {
        skewed = true
        skewMs = config.skewMs
        log(`soak: device clock +${config.skewMs / 60000} min from ${(share * 100).toFixed(0)}% settled`)
      }
      // Spread the cancels over the run, each on the current tasks (an earlier action may have started one).
      const queued = () => uploader.getTasks().filter((task) => task.status === 'queued' && task.attempt === 0 && task.key.includes('/file-'))
      const waiting = queued()
      if (canceledBeforeSend.size < config.cancelQueued && waiting.length > 1) {
        const task = waiting[Math.floor(random() * waiting.length)]
        canceledBeforeSend.set(task.id, task.key)
        uploader.cancel(task.id)
      }
      const last = queued().pop()
      if (removedBeforeSend.size < config.removeQueued && last && share > 0.1) {
        removedBeforeSend.set(last.id, last.key)
        uploader.remove(last.id)
        settledTasks.get(last.id)?.(last)
      }
      for (const task of uploader.getTasks()) {
        if (task.key.includes('/cancel-') && task.status === 'uploading' && task.percent > 20 && task.percent < 100 && !canceledInFlight.has(task.id)) {
          canceledInFlight.set(task.id, task.key)
          uploader.cancel(task.id)
        }
      }
    }
    uploader.subscribe(onTasks)
    const add = (file: SoakFile) => {
      const [task] = uploader.add([file])
      return new Promise<UploadTaskState>((resolve) => {
        settledTasks.set(task.id, resolve)
        const now = uploader.getTasks().find((state) => state.id === task.id)
        if (now && SETTLED.includes(now.status)) resolve(now)
      })
    }
    // Each key's overwrites one after the other, the next only once the last is settled and checked.
    const runChain = async (chain: SoakFile[]) => {
      for (const [i, file] of chain.entries()) {
        if (i > 0) force(file.key, [OVERWRITE_FAULTS[(i - 1) % OVERWRITE_FAULTS.length]])
        forcedPerTask.set(file.path, i > 0 ? 1 : 0)
        const task = await add(file)
        if (task.status === 'done') await Promise.all(doneChecks)
      }
    }
    for (const file of files) forcedPerTask.set(file.path, forcedAttempts.has(file.key) ? 1 : 0)
    const everything = Promise.all([...[...files, ...cancelTargets].map(add), ...chains.map(runChain)])
    let timer: NodeJS.Timeout | undefined
    const timedOut = await Promise.race([
      everything.then(() => false),
      new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(true), config.runTimeoutMs) }),
    ])
    clearTimeout(timer)
    await Promise.all(doneChecks)
    const seconds = (Date.now() - startedMs) / 1000
    const tasks = uploader.getTasks()
    uploader.destroy()
    emulator.setFaults({ errorRate: 0, resetRate: 0, lostAnswerRate: 0, stallRate: 0, latencySpikeRate: 0 })

    const storedAt = async (key: string) => !!(await emulator.readObject(BUCKET, key))
    const taskById = new Map(tasks.map((task) => [task.id, task]))
    const shouldBeDone = tasks.filter((task) => !canceledBeforeSend.has(task.id) && !canceledInFlight.has(task.id))
    const floor = doneFloor({
      forcedPerTask: shouldBeDone.map((task) => forcedPerTask.get(task.file.path) || 0),
      rates: { error: config.errorRate, reset: config.resetRate, stall: config.stallRate, lostAnswer: config.lostAnswerRate },
      maxRetries: defaultRetryLimits.maxRetries,
      stsWaves: [1, 2],
      concurrency,
    })
    const stsCounts = faultySts.counts()
    for (const [kind, count] of Object.entries(stsCounts.faults)) injected[`sts ${kind}`] = count
    const injectedSts = 1 + (expired ? 2 : 0)
    const checks = checkInvariants({
      tasks,
      added: total,
      timedOut,
      runTimeoutMs: config.runTimeoutMs,
      seconds,
      doneMismatches,
      doneChecked: everDone.size,
      doneThenChanged: [...doneThenChanged],
      canceledByHarness: new Set([...canceledBeforeSend.keys(), ...canceledInFlight.keys()]),
      canceledInFlight: await Promise.all([...canceledInFlight].map(async ([id, key]) => ({ id, key, stored: await storedAt(key) }))),
      unsent: await Promise.all([
        ...[...canceledBeforeSend].map(([id, key]) => ({ id, key, status: taskById.get(id)!.status as string })),
        ...[...removedBeforeSend].map(([id, key]) => ({ id, key, status: 'removed' })),
      ].map(async (task) => ({ ...task, sent: seen.keysSent.includes(task.key), stored: await storedAt(task.key) }))),
      removed: removedBeforeSend.size,
      keysSent: seen.keysSent,
      taskKeys: new Set(tasks.map((task) => task.key)),
      injected,
      concurrency,
      floor,
      sts: { fetched: stsCounts.served, expected: 1 + (expired ? 1 : 0), faults: Object.values(stsCounts.faults).reduce((a, b) => a + b, 0), injected: injectedSts },
    })

    const count = (status: TaskStatus) => tasks.filter((task) => task.status === status).length
    const errors = tasks.filter((task) => task.status === 'error')
    const attempts = tasks.map((task) => task.attempt)
    const status5xx = [...seen.byStatus].filter(([status]) => status >= 500).reduce((sum, [, n]) => sum + n, 0)
    const figures: Array<[string, number | string]> = [
      ['tasks', `${total} (${files.length} fresh keys, ${cancelTargets.length} canceled mid-upload, ${chains.length} keys × ${config.overwritesPerKey} overwrites)`],
      ['seed', config.seed],
      ['bytes', `${(bytes / 1048576).toFixed(1)} MiB, fresh keys ${config.minBytes} B – ${config.maxBytes} B log-uniform, overwrites ${config.overwriteBytes} B each`],
      ['concurrency', concurrency],
      ['seconds', seconds.toFixed(1)],
      ['done', count('done')],
      ['done floor', floor.floor],
      ['error', errors.length],
      ['canceled before sent', canceledBeforeSend.size],
      ['removed before sent', removedBeforeSend.size],
      ['canceled mid-upload', canceledInFlight.size],
      ['still running (hung)', tasks.filter((task) => !SETTLED.includes(task.status)).length],
      ['error codes', [...new Set(errors.map((task) => task.error!.diagnosis.code))].join(', ') || '—'],
      ['random fault rates: 5xx / reset / lost / stall / spike', `${config.errorRate} / ${config.resetRate} / ${config.lostAnswerRate} / ${config.stallRate} / ${config.latencySpikeRate} (${config.latencySpikeMs} ms)`],
      ['injected: 5xx', injected.error || 0],
      ['injected: resets mid-body', injected.reset || 0],
      ['injected: answer lost after storing', injected['lost-answer'] || 0],
      ['injected: unanswered (client timeout)', injected.stall || 0],
      ['injected: latency spikes', injected['latency-spike'] || 0],
      ['injected: STS 502 / malformed / slow', `${stsCounts.faults['5xx']} / ${stsCounts.faults.malformed} / ${stsCounts.faults.slow}`],
      ['client: 5xx answers', status5xx],
      ['client: reset/timeout, body not all sent', seen.failedMidBody],
      ['client: reset/timeout, body all sent', seen.failedAfterBody],
      ['HEAD checks (found stored)', `${seen.heads} (${seen.headsFound})`],
      ['requests sent', seen.uploads],
      ['tasks retried (attempt > 1)', attempts.filter((n) => n > 1).length],
      ['max attempt', Math.max(0, ...attempts)],
      ['STS fetches with keys (expected)', `${stsCounts.served} (${1 + (expired ? 1 : 0)})`],
      ['done checked in storage', everDone.size - doneMismatches.length],
    ]
    return { config, figures, checks }
  } finally {
    await faultySts.close()
    await sts.close()
    await emulator.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The figures and the checks as two plain-text tables. */
export function soakTable(report: SoakReport): string {
  const width = Math.max(...report.figures.map(([name]) => name.length))
  const figures = report.figures.map(([name, value]) => `${name.padEnd(width)}  ${value}`)
  const checks = report.checks.map((c) => `${c.ok ? 'PASS' : 'FAIL'}  ${c.name.padEnd(23)} ${c.detail}`)
  return [...figures, '', ...checks].join('\n')
}
