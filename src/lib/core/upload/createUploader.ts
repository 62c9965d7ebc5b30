// The upload engine: one state machine per file (queued → signing → uploading → processing → done | error |
// canceled), a queue that runs up to `concurrency` of them, and immutable snapshots in pick order for the UI.
import { resolveEndpoint } from '../endpoint'
import { diagnosis } from '../diagnosisText'
import { CosUploaderError, InvalidInputError, invalidInput, isCosUploaderError } from '../errors'
import { checkObjectKey, defaultObjectKey } from './objectKeys'
import { answerMayBeLost, attemptMarker, storedUpload, type AttemptCheck } from './lostResponse'
import { decideRecovery, defaultRetryLimits, failureCause, retryRefreshesCredentials, serverClockOffset } from './recovery'
import { uploadedItem, uploadedItemFrom } from './response'
import { createSigner } from './signing'
import { abortSignal, type FormUploadTask } from '../transport'
import type { PickedFile, TaskStatus, UploadTaskState, Uploader, UploaderOptions } from './types'

interface Entry {
  state: UploadTaskState
  /** Allowed to start: added with `start`, or released by `start()` / `retry()`. */
  released: boolean
  running: boolean
  /** Bumped on cancel and on every new run, so callbacks of an old run see they are stale. */
  run: number
  /** Stops whatever the current run waits on (the transport task or a backoff timer). */
  stop?: () => void
  /** What the last attempt's signature depended on. */
  signedWith?: { secretId: string; offsetMs: number }
  /** Whether the last attempt's request was handed to the transport. */
  sent?: boolean
  /** How to tell whether the last attempt's upload is stored. */
  check?: AttemptCheck
}

const ACTIVE: TaskStatus[] = ['queued', 'signing', 'uploading', 'processing']

function asUploaderError(error: unknown): CosUploaderError {
  if (isCosUploaderError(error)) return error
  return new CosUploaderError('host', diagnosis('host-error', { errMsg: String(error) }), { cause: error })
}

/** The transport contract (transport.ts): a rejection that isn't a CosUploaderError is a network failure. */
function transportFailure(error: unknown): CosUploaderError {
  if (isCosUploaderError(error)) return error
  return new CosUploaderError('network', diagnosis('network-error', { reason: String(error) }), { cause: error })
}

export function createUploader(options: UploaderOptions): Uploader {
  const endpoint = resolveEndpoint(options.location)
  const concurrency = options.concurrency ?? 3
  if (!(concurrency >= 1 && concurrency % 1 === 0)) {
    throw new InvalidInputError(diagnosis('invalid-options', { option: 'concurrency', concurrency }))
  }
  const limits = { ...defaultRetryLimits, maxRetries: options.maxRetries ?? defaultRetryLimits.maxRetries }
  if (!(limits.maxRetries >= 0 && limits.maxRetries % 1 === 0)) {
    throw new InvalidInputError(diagnosis('invalid-options', { option: 'maxRetries' }))
  }
  const now = options.now || Date.now
  const random = options.random || Math.random
  const clock = { now, offsetMs: 0 }
  // A HEAD makes no progress to watch: the shorter of the attempt's bounds bounds it (undefined: the transport's default).
  const bounds = [options.timeout, options.idleTimeout].filter((ms): ms is number => ms !== undefined)
  const headTimeout = bounds.length ? Math.min(...bounds) : undefined
  const signer = createSigner(options, endpoint, clock)
  const entries = new Map<string, Entry>()
  const listeners = new Set<(tasks: UploadTaskState[]) => void>()
  let snapshot: UploadTaskState[] = []
  let lastId = 0
  let destroyed = false

  function publish() {
    snapshot = Array.from(entries.values(), (entry) => entry.state)
    listeners.forEach((listener) => listener(snapshot))
  }

  function update(entry: Entry, patch: Partial<UploadTaskState>) {
    entry.state = Object.freeze({ ...entry.state, ...patch })
    publish()
  }

  /** The task's key, or an error state explaining why it has none. */
  function keyed(file: PickedFile): Partial<UploadTaskState> {
    try {
      if (!file || typeof file.path !== 'string' || !file.path || !(file.size >= 0)) {
        throw invalidInput('invalid-file', '文件缺少路径或大小', 'File needs a path and a size', { file })
      }
      const key = options.keyOf ? options.keyOf(file) : defaultObjectKey(file, options.prefix || '', now(), random)
      checkObjectKey(key, options.allowPrefix)
      return { key, status: 'queued' }
    } catch (error) {
      return { key: '', status: 'error', error: asUploaderError(error) }
    }
  }

  /** Detaches the entry from its run: the run's late callbacks and answers are ignored from now on. */
  function halt(entry: Entry) {
    entry.run++
    entry.running = false
    entry.stop?.()
    entry.stop = undefined
  }

  function finish(entry: Entry, patch: Partial<UploadTaskState>) {
    entry.running = false
    entry.stop = undefined
    update(entry, patch)
    pump()
  }

  function pump() {
    for (const entry of entries.values()) {
      if (destroyed) return
      let running = 0
      entries.forEach((other) => { if (other.running) running++ })
      if (running >= concurrency) return
      if (entry.state.status === 'queued' && entry.released && !entry.running) void runTask(entry)
    }
  }

  async function attempt(entry: Entry, run: number): Promise<void> {
    const { key, file } = entry.state
    const { fields, check } = await signer.form(key, file, attemptMarker(now()))
    if (entry.run !== run) return
    entry.check = check
    entry.signedWith = { secretId: fields['q-ak'], offsetMs: clock.offsetMs }
    let task: FormUploadTask
    try {
      task = options.transport.uploadForm({
        url: endpoint.baseUrl,
        formData: fields,
        filePath: file.path,
        fileName: file.name,
        timeout: options.timeout,
        idleTimeout: options.idleTimeout,
      })
    } catch (error) {
      throw transportFailure(error)
    }
    entry.sent = true
    entry.stop = () => task.abort()
    update(entry, { status: 'uploading' })
    task.onProgress(({ loaded, total, percent }) => {
      if (entry.run !== run || (entry.state.status !== 'uploading' && entry.state.status !== 'processing')) return
      const clamped = Math.max(0, Math.min(100, percent))
      update(entry, { loaded, total, percent: clamped, status: clamped >= 100 ? 'processing' : 'uploading' })
    })
    const response = await task.response.catch((error: unknown) => { throw transportFailure(error) })
    if (entry.run !== run) return
    const result = uploadedItemFrom(response, {
      endpoint,
      key: fields.key,
      file,
      allowPrefix: options.allowPrefix,
      usingTemporaryKey: signer.temporary,
      nowMs: now(),
      keyTime: fields['q-key-time'],
    })
    finish(entry, { status: 'done', result, percent: 100, error: undefined })
  }

  async function runTask(entry: Entry): Promise<void> {
    const run = ++entry.run
    entry.running = true
    let retries = 0
    let refreshed = false
    for (let attemptNo = 1; ; attemptNo++) {
      update(entry, { status: 'signing', attempt: attemptNo, percent: 0, loaded: 0, error: undefined, retrying: undefined })
      entry.sent = false
      try {
        await attempt(entry, run)
        return
      } catch (thrown) {
        if (entry.run !== run) return
        const error = asUploaderError(thrown)
        if (answerMayBeLost(error, !!entry.sent)) {
          const { key, file } = entry.state
          const head = abortSignal()
          entry.stop = head.abort
          const stored = await storedUpload(options.transport, entry.check!, uploadedItem(endpoint, key, file.size), { timeout: headTimeout, signal: head.signal })
          if (entry.run !== run) return
          if (stored) return finish(entry, { status: 'done', result: stored, percent: 100, error: undefined })
        }
        const context = { retries, refreshed, usingTemporaryKey: signer.temporary, nowMs: now(), random }
        const recovery = decideRecovery(error, context, limits)
        if (recovery.action === 'fail') return finish(entry, { status: 'error', error })
        if (recovery.action === 'refresh') {
          // Not this run's one refresh when another task already fixed what this attempt failed on.
          if (recover(error, recovery.clockOffsetMs, entry.signedWith)) refreshed = true
          continue
        }
        retries++
        // Waiting to retry: still in flight (holds its slot); `error` says why.
        update(entry, { status: 'queued', error, retrying: { retry: retries, of: limits.maxRetries } })
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, recovery.delayMs)
          entry.stop = () => { clearTimeout(timer); resolve() }
        })
        if (entry.run !== run) return
      }
    }
  }

  /**
   * Before re-signing after a clock or credential failure: adopts the server clock when known, and drops the
   * credentials unless the clock alone failed, i.e. unless they are still valid on the server's clock (a skewed
   * device with good credentials costs no STS fetch). With `signedWith`: nothing if the attempt signed on an older
   * clock (another task already fixed it). Whether it acted.
   */
  function recover(error: CosUploaderError, clockOffsetMs: number | undefined, signedWith?: Entry['signedWith']): boolean {
    if (signedWith && signedWith.offsetMs !== clock.offsetMs) return false
    if (clockOffsetMs !== undefined) clock.offsetMs = clockOffsetMs
    // With the server's time known, signing itself drops credentials that expire there.
    const clockAlone = clockOffsetMs !== undefined && failureCause(error, signer.temporary) === 'clock'
    if (!clockAlone) signer.refresh(signedWith?.secretId)
    return true
  }

  const uploader: Uploader = {
    add(files, { start = true } = {}) {
      if (destroyed) return []
      const added = files.map((file) => {
        const state: UploadTaskState = Object.freeze({
          id: `t${++lastId}`, file, key: '', status: 'queued' as TaskStatus, percent: 0, loaded: 0, total: file?.size || 0,
          attempt: 0, ...keyed(file),
        })
        entries.set(state.id, { state, released: start, running: false, run: 0 })
        return state
      })
      publish()
      pump()
      return added
    },
    start() {
      entries.forEach((entry) => { entry.released = true })
      pump()
    },
    retry(id) {
      const entry = entries.get(id)
      if (!entry || destroyed || (entry.state.status !== 'error' && entry.state.status !== 'canceled')) return
      const { error, file } = entry.state
      if (error && retryRefreshesCredentials(error, signer.temporary)) recover(error, serverClockOffset(error, now()))
      entry.released = true
      update(entry, { attempt: 0, percent: 0, loaded: 0, error: undefined, ...(entry.state.key ? { status: 'queued' } : keyed(file)) })
      pump()
    },
    cancel(id) {
      const entry = entries.get(id)
      if (!entry || !ACTIVE.includes(entry.state.status)) return
      halt(entry)
      update(entry, { status: 'canceled' })
      pump()
    },
    remove(id) {
      const entry = entries.get(id)
      if (!entry) return
      halt(entry)
      entries.delete(id)
      publish()
      pump()
    },
    clear() {
      entries.forEach(halt)
      entries.clear()
      publish()
    },
    getTasks: () => snapshot,
    subscribe(listener) {
      listeners.add(listener)
      return () => { listeners.delete(listener) }
    },
    prefetchCredentials() {
      signer.prefetch()
    },
    objectUrl: (key, { expiresIn } = {}) => signer.objectUrl(key, expiresIn),
    destroy() {
      destroyed = true
      entries.forEach(halt)
      listeners.clear()
    },
  }
  return uploader
}
