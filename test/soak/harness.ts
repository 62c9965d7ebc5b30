// The fault-injection soak (issue 7): the real upload engine, the Node transport, the project's COS emulator and
// STS service, with 5xx answers, resets mid-body and after the body, latency spikes, one credential expiry and a
// device clock skew. It checks every invariant of the issue and returns the figures for the table.
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startEmulator } from '../../server/emulator'
import { createNodeTransport } from '../../src/lib/node'
import { startSts } from '../../server/sts'
import { createUploader } from '../../src/lib/core/upload/engine'
import { type FormTransport } from '../../src/lib/core/transport'
import { type PickedFile, type TaskStatus, type UploadTaskState } from '../../src/lib/core/upload/types'
import { seededRandom } from '../support/random-requests'

export interface SoakConfig {
  uploads: number
  /** Sizes are drawn log-uniformly in [minBytes, maxBytes] (both ends included as the first two files). */
  minBytes: number
  maxBytes: number
  /** Drawn from [3, 10] when absent. */
  concurrency?: number
  /** Seeds the file sizes, the concurrency, the cancels, the engine's key and backoff draws, and the emulator's faults. */
  seed: number
  /** Shares of requests: 5xx, resets mid-body, resets after the body (answer lost), latency spikes. */
  errorRate: number
  resetRate: number
  lostAnswerRate: number
  latencySpikeRate: number
  latencySpikeMs: number
  /** When this share of the tasks has settled, the server clock passes the credentials' expiry. */
  expiryAt: number
  /** From this share of settled tasks to the end of the run, the device clock is `skewMs` ahead. */
  skewFrom: number
  skewMs: number
  /** Tasks canceled, and removed, while still queued (never sent); tasks canceled mid-upload. */
  cancelQueued: number
  removeQueued: number
  cancelInFlight: number
  /** Per attempt. */
  attemptTimeoutMs: number
  /** Tasks not settled by then count as hung. */
  runTimeoutMs: number
}

export const LONG_SOAK: SoakConfig = {
  uploads: 500, minBytes: 1024, maxBytes: 5 * 1024 * 1024, seed: 7,
  errorRate: 0.1, resetRate: 0.03, lostAnswerRate: 0.02, latencySpikeRate: 0.05, latencySpikeMs: 3000,
  expiryAt: 0.3, skewFrom: 0.55, skewMs: 10 * 60 * 1000,
  cancelQueued: 10, removeQueued: 5, cancelInFlight: 5,
  attemptTimeoutMs: 60_000, runTimeoutMs: 20 * 60 * 1000,
}

export interface Check { name: string; ok: boolean; detail: string }

export interface SoakReport {
  config: SoakConfig
  concurrency: number
  seconds: number
  bytes: number
  figures: Array<[string, number | string]>
  checks: Check[]
}

const BUCKET = 'examplebucket-1250000000'
const PREFIX = 'soak/'
const SETTLED: TaskStatus[] = ['done', 'error', 'canceled']
const TTL_SECONDS = 1800

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex')

interface SoakFile extends PickedFile { sha: string }

/** Observes what the engine sends and gets back, at the transport boundary (the real Node transport underneath). */
function observedTransport(inner: FormTransport) {
  const seen = { uploads: 0, keysSent: new Map<string, number>(), byStatus: new Map<number, number>(),
    failedMidBody: 0, failedAfterBody: 0, canceled: 0, heads: 0, headsFound: 0 }
  const transport: FormTransport = {
    uploadForm(request) {
      seen.uploads++
      seen.keysSent.set(request.formData.key, (seen.keysSent.get(request.formData.key) || 0) + 1)
      const task = inner.uploadForm(request)
      let bodySent = false
      task.onProgress((progress) => { bodySent = progress.percent >= 100 })
      task.response.then((response) => {
        seen.byStatus.set(response.statusCode, (seen.byStatus.get(response.statusCode) || 0) + 1)
      }, (error: { kind?: string }) => {
        if (error.kind === 'canceled') seen.canceled++
        else if (bodySent) seen.failedAfterBody++
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

function writeFiles(dir: string, config: SoakConfig, random: () => number): SoakFile[] {
  const span = Math.log(config.maxBytes / config.minBytes)
  return Array.from({ length: config.uploads }, (_, i) => {
    const size = i === 0 ? config.minBytes : i === 1 ? config.maxBytes : Math.round(config.minBytes * Math.exp(random() * span))
    const bytes = randomBytes(size)
    const path = join(dir, `file-${i}.jpg`)
    writeFileSync(path, bytes)
    return { path, size, type: 'image/jpeg', name: `file-${i}.jpg`, sha: sha256(bytes) }
  })
}

export async function runSoak(config: SoakConfig, log: (line: string) => void = () => undefined): Promise<SoakReport> {
  const random = seededRandom(config.seed)
  const concurrency = config.concurrency ?? 3 + Math.floor(random() * 8)
  const dir = mkdtempSync(join(tmpdir(), 'cos-soak-'))
  // The same seed draws the same faults, so a run can be replayed (up to the order concurrent requests arrive in).
  const emulator = await startEmulator({ quiet: true, faults: { seed: config.seed } })
  const sts = await startSts({
    emulator, quiet: true, ttlSeconds: TTL_SECONDS, rateLimitPerMinute: 100_000,
    scope: { actions: ['name/cos:PostObject', 'name/cos:HeadObject'], allowPrefix: [PREFIX] },
  })
  const injected = new Map<string, number>()
  emulator.events.on('fault', ({ fault }: { fault: string }) => injected.set(fault, (injected.get(fault) || 0) + 1))
  try {
    const files = writeFiles(dir, config, random)
    const bytes = files.reduce((sum, file) => sum + file.size, 0)
    log(`soak: ${files.length} files, ${(bytes / 1048576).toFixed(1)} MiB, concurrency ${concurrency}`)
    const { transport, seen } = observedTransport(createNodeTransport())
    let skewMs = 0
    const startedMs = Date.now()
    // This STS backend answers without startTime (as many custom ones do), so the device signs on its own clock
    // corrected by the offset learned from the Date header: the skew and the expiry both exercise that path.
    const getCredentials = async () => {
      const response = await fetch(`${sts.url}/sts`)
      const { startTime, ...rest } = await response.json() as Record<string, unknown>
      return rest
    }
    const uploader = createUploader({
      location: { bucket: BUCKET, region: emulator.region, endpoint: `http://{bucket}.cos.{region}.localhost:${emulator.port}` },
      transport, getCredentials, prefix: PREFIX, concurrency,
      timeout: config.attemptTimeoutMs,
      now: () => Date.now() + skewMs,
      random: seededRandom(config.seed + 1),
    })
    emulator.setFaults({
      errorRate: config.errorRate, resetRate: config.resetRate, resetAfterBytes: 8 * 1024,
      lostAnswerRate: config.lostAnswerRate, latencySpikeRate: config.latencySpikeRate, latencySpikeMs: config.latencySpikeMs,
    })

    const everDone = new Set<string>()
    const doneThenChanged = new Set<string>()
    const canceledBeforeSend = new Set<string>()
    const removedBeforeSend = new Map<string, string>()
    const canceledInFlight = new Set<string>()
    let expired = false
    let skewed = false

    const byFile = new Map<string, SoakFile>(files.map((file) => [file.path, file]))
    const settledShare = (tasks: UploadTaskState[]) =>
      tasks.filter((task) => SETTLED.includes(task.status)).length / files.length

    const settledAll = new Promise<void>((resolve) => {
      const onTasks = (tasks: UploadTaskState[]) => {
        for (const task of tasks) {
          if (everDone.has(task.id) && task.status !== 'done') doneThenChanged.add(task.id)
          if (task.status === 'done') everDone.add(task.id)
        }
        const share = settledShare(tasks)
        if (!expired && share >= config.expiryAt) {
          expired = true
          log(`soak: credentials expire on the server (clock +${TTL_SECONDS + 60} s) at ${(share * 100).toFixed(0)}% settled`)
          emulator.setFaults({ clockOffsetSeconds: emulator.faults().clockOffsetSeconds + TTL_SECONDS + 60 })
        }
        if (!skewed && share >= config.skewFrom) {
          skewed = true
          skewMs = config.skewMs
          log(`soak: device clock +${config.skewMs / 60000} min from ${(share * 100).toFixed(0)}% settled`)
        }
        // Spread the cancels over the run, each on the current tasks (an earlier action may have started one).
        const queued = () => uploader.getTasks().filter((task) => task.status === 'queued' && task.attempt === 0)
        const waiting = queued()
        if (canceledBeforeSend.size < config.cancelQueued && waiting.length > 1) {
          const task = waiting[Math.floor(random() * waiting.length)]
          canceledBeforeSend.add(task.id)
          uploader.cancel(task.id)
        }
        const last = queued().pop()
        if (removedBeforeSend.size < config.removeQueued && last && share > 0.1) {
          removedBeforeSend.set(last.id, last.key)
          uploader.remove(last.id)
        }
        const uploading = uploader.getTasks().find((task) => task.status === 'uploading' && task.percent > 20)
        if (canceledInFlight.size < config.cancelInFlight && uploading && share > 0.2) {
          canceledInFlight.add(uploading.id)
          uploader.cancel(uploading.id)
        }
        const now = uploader.getTasks()
        if (now.length && now.every((task) => SETTLED.includes(task.status))) resolve()
      }
      uploader.subscribe(onTasks)
    })
    const added = uploader.add(files)
    let timer: NodeJS.Timeout | undefined
    const timedOut = await Promise.race([
      settledAll.then(() => false),
      new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(true), config.runTimeoutMs) }),
    ])
    clearTimeout(timer)
    const seconds = (Date.now() - startedMs) / 1000
    const tasks = uploader.getTasks()
    uploader.destroy()
    emulator.setFaults({ errorRate: 0, resetRate: 0, lostAnswerRate: 0, latencySpikeRate: 0 })

    const checks: Check[] = []
    const check = (name: string, failures: string[], detail: string) =>
      checks.push({ name, ok: failures.length === 0, detail: failures.length ? failures.slice(0, 5).join('; ') : detail })

    const hung = tasks.filter((task) => !SETTLED.includes(task.status))
    check('every task settles (done, error, or canceled by the user) within the bound',
      [...(timedOut ? [`not settled after ${config.runTimeoutMs} ms`] : []), ...hung.map((task) => `${task.id} ${task.status}`)],
      `${tasks.length} settled in ${seconds.toFixed(1)} s`)
    const canceledByHarness = new Set([...canceledBeforeSend, ...canceledInFlight])
    const canceled = tasks.filter((task) => task.status === 'canceled')
    check('only the tasks the harness canceled end canceled',
      canceled.filter((task) => !canceledByHarness.has(task.id)).map((task) => `${task.id} canceled, not by the harness`),
      `${canceled.length} canceled, all by the harness`)
    check('every file added is accounted for', tasks.length + removedBeforeSend.size === added.length ? []
      : [`${tasks.length} tasks + ${removedBeforeSend.size} removed ≠ ${added.length} added`], `${added.length} files`)

    const done = tasks.filter((task) => task.status === 'done')
    const doneFailures: string[] = []
    for (const task of done) {
      const file = byFile.get(task.file.path)!
      const stored = await emulator.readObject(BUCKET, task.key)
      if (!stored) doneFailures.push(`${task.key} reported done, not stored`)
      else if (sha256(stored) !== file.sha) doneFailures.push(`${task.key} sha256 differs`)
      if (task.result?.key !== task.key || task.result.size !== file.size || !task.result.etag) {
        doneFailures.push(`${task.key} result ${JSON.stringify(task.result)}`)
      }
    }
    check('every done file is stored with matching sha256 (and its result has key, size, ETag)', doneFailures,
      `${done.length} verified`)
    check('no task reports done and then anything else', [...doneThenChanged], `${everDone.size} done, all final`)

    const notSentFailures: string[] = []
    const neverSent = [
      ...[...canceledBeforeSend].map((id) => tasks.find((task) => task.id === id)!).map((task) => [task.id, task.key, task.status]),
      ...[...removedBeforeSend].map(([id, key]) => [id, key, 'removed']),
    ]
    for (const [id, key, status] of neverSent) {
      if (status !== 'canceled' && status !== 'removed') notSentFailures.push(`${id} is ${status}`)
      if (seen.keysSent.has(key)) notSentFailures.push(`${id}: its key was sent`)
      if (await emulator.readObject(BUCKET, key)) notSentFailures.push(`${id}: ${key} is stored`)
    }
    check('no file stored that was canceled or removed before its request was sent', notSentFailures,
      `${canceledBeforeSend.size} canceled + ${removedBeforeSend.size} removed, none sent or stored`)
    check('a task canceled mid-upload never reports done',
      [...canceledInFlight].filter((id) => everDone.has(id)), `${canceledInFlight.size} canceled mid-upload`)

    const errors = tasks.filter((task) => task.status === 'error')
    check('every error has a diagnosis code and text in zh-CN and en', errors
      .filter(({ error }) => !error || !error.diagnosis.code || !error.diagnosis.message.en || !error.diagnosis.message['zh-CN'])
      .map((task) => `${task.id}: ${task.error?.message}`), `${errors.length} errors, all diagnosed`)

    const taskKeys = new Set(added.map((task) => task.key))
    check('every request used its task\'s key (retries overwrite, never duplicate)',
      [...seen.keysSent.keys()].filter((key) => !taskKeys.has(key)), `${seen.uploads} requests for ${seen.keysSent.size} keys`)

    // One fetch to start and one when the server clock passes the expiry. The device clock jumping ahead costs none:
    // the credentials fetched then still have most of their TTL on the server's clock, so only the clock is fixed.
    const expectedFetches = 1 + (expired ? 1 : 0)
    check('STS fetches are what the expiry schedule explains', sts.fetchCount() === expectedFetches ? []
      : [`${sts.fetchCount()} fetches, expected ${expectedFetches}`], `${sts.fetchCount()} = 1 initial + expiry`)

    const count = (status: TaskStatus) => tasks.filter((task) => task.status === status).length
    const attempts = tasks.map((task) => task.attempt)
    const status5xx = [...seen.byStatus].filter(([status]) => status >= 500).reduce((sum, [, n]) => sum + n, 0)
    const figures: Array<[string, number | string]> = [
      ['files', files.length],
      ['seed', config.seed],
      ['bytes', `${(bytes / 1048576).toFixed(1)} MiB, sizes ${files[0].size} B – ${files[1].size} B log-uniform`],
      ['concurrency', concurrency],
      ['seconds', seconds.toFixed(1)],
      ['done', done.length],
      ['error', errors.length],
      ['canceled before sent', canceledBeforeSend.size],
      ['removed before sent', removedBeforeSend.size],
      ['canceled mid-upload', canceledInFlight.size],
      ['still running (hung)', hung.length],
      ['error codes', [...new Set(errors.map((task) => task.error!.code))].join(', ') || '—'],
      ['fault rates: 5xx / reset / lost / spike', `${config.errorRate} / ${config.resetRate} / ${config.lostAnswerRate} / ${config.latencySpikeRate} (${config.latencySpikeMs} ms)`],
      ['injected: 5xx', injected.get('error') || 0],
      ['injected: resets mid-body', injected.get('reset') || 0],
      ['injected: answer lost after body', injected.get('lost-answer') || 0],
      ['injected: latency spikes', injected.get('latency-spike') || 0],
      ['client: 5xx answers', status5xx],
      ['client: reset/timeout, body not all sent', seen.failedMidBody],
      ['client: reset/timeout, body all sent', seen.failedAfterBody],
      ['HEAD checks (found stored)', `${seen.heads} (${seen.headsFound})`],
      ['requests sent', seen.uploads],
      ['tasks retried (attempt > 1)', attempts.filter((n) => n > 1).length],
      ['max attempt', Math.max(0, ...attempts)],
      ['STS fetches (expected)', `${sts.fetchCount()} (${expectedFetches})`],
      ['sha256 verified', done.length - doneFailures.length],
    ]
    return { config, concurrency, seconds, bytes, figures, checks }
  } finally {
    await sts.close()
    await emulator.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The figures and the checks as two plain-text tables. */
export function soakTable(report: SoakReport): string {
  const width = Math.max(...report.figures.map(([name]) => name.length))
  const figures = report.figures.map(([name, value]) => `${name.padEnd(width)}  ${value}`)
  const checks = report.checks.map((c) => `${c.ok ? 'PASS' : 'FAIL'}  ${c.name} — ${c.detail}`)
  return [...figures, '', ...checks].join('\n')
}
