// The upload engine: one state machine per file (queued → signing → uploading → processing → done | error |
// canceled), a queue that runs up to `concurrency` of them, and events in pick order that a view renders.
// Each task keeps the target it was added with (bucket, key, signing) for its whole life, retries included, so
// configure() changes where the next files go and never touches one in flight.
import { CredentialSession } from '../credentials'
import { CosUploaderError, InvalidInputError, invalidInput, isCosUploaderError } from '../errors'
import { diagnosis } from '../messages'
import { abortSignal, type FormUploadTask } from '../transport'
import { resolveEndpoint, type ResolvedEndpoint } from '../url'
import { answerMayBeLost, attemptMarker, storedUpload, uploadedItem, uploadedItemFrom, type AttemptCheck } from './answer'
import { deviceSigner, serverSigner, type Signer } from './form'
import { checkObjectKey, defaultObjectKey } from './keys'
import { decideRecovery, defaultRetryLimits, failureCause, retryRefreshesCredentials } from './retry'
import type { PickedFile, TaskStatus, UploadEvent, UploadTaskState, Uploader, UploaderOptions, UploadTarget } from './types'

/** Where and how a task's file goes: fixed when it is added. */
interface Target {
  endpoint: ResolvedEndpoint
  signer: Signer
  /** Device signing only. */
  session?: CredentialSession
  options: UploaderOptions
}

interface Entry {
  state: UploadTaskState
  target: Target
  /** Allowed to start: added with `start`, or released by `start()` / `retry()`. */
  released: boolean
  running: boolean
  /** Bumped on cancel and on every new run, so callbacks of an old run see they are stale. */
  run: number
  /** Stops whatever the current run waits on (the transport task, the HEAD or a backoff timer). */
  stop?: () => void
  /** What the last attempt's signature depended on. */
  signedWith?: { secretId: string; offsetMs: number }
  /** Whether the last attempt's request was handed to the transport. */
  sent?: boolean
  /** How to tell whether the last attempt's upload is stored. */
  check?: AttemptCheck
}

const ACTIVE: TaskStatus[] = ['queued', 'signing', 'uploading', 'processing']
const TARGET_OPTIONS: Array<keyof UploadTarget> = ['location', 'getCredentials', 'getPostPolicy', 'session', 'dangerouslyAllowPermanentKey', 'successActionStatus']

function asUploaderError(error: unknown): CosUploaderError {
  if (isCosUploaderError(error)) return error
  return new CosUploaderError('host', diagnosis('host-error', { errMsg: String(error) }), { cause: error })
}

/** The transport contract (transport.ts): a rejection that isn't a CosUploaderError is a network failure. */
function transportFailure(error: unknown): CosUploaderError {
  if (isCosUploaderError(error)) return error
  return new CosUploaderError('network', diagnosis('network-error', { reason: String(error) }), { cause: error })
}

const whole = (value: unknown, min: number) => typeof value === 'number' && value >= min && value % 1 === 0

function checkLimits(options: UploaderOptions): UploaderOptions {
  if (!whole(options.concurrency ?? 1, 1)) throw new InvalidInputError(diagnosis('invalid-options', { option: 'concurrency', concurrency: options.concurrency }))
  if (!whole(options.maxRetries ?? 0, 0)) throw new InvalidInputError(diagnosis('invalid-options', { option: 'maxRetries' }))
  return options
}

/** Checks the options once, here at the boundary, and works out the target they name. */
function targetOf(options: UploaderOptions, now: () => number): Target {
  checkLimits(options)
  const endpoint = resolveEndpoint(options.location)
  const { getPostPolicy, getCredentials } = options
  if (!(getCredentials || options.session) === !getPostPolicy) {
    throw new InvalidInputError(diagnosis('invalid-options', { option: 'getCredentials | getPostPolicy (exactly one)' }))
  }
  if (getPostPolicy) return { endpoint, signer: serverSigner(getPostPolicy, endpoint), options }
  const session = options.session || new CredentialSession({ getCredentials: getCredentials!, now, dangerouslyAllowPermanentKey: options.dangerouslyAllowPermanentKey })
  return { endpoint, session, signer: deviceSigner(session, endpoint, options.successActionStatus), options }
}

export function createUploader(initial: UploaderOptions): Uploader {
  const now = initial.now || Date.now
  const random = initial.random || Math.random
  let target = targetOf(initial, now)
  const entries = new Map<string, Entry>()
  const listeners = new Set<(event: UploadEvent) => void>()
  let snapshot: UploadTaskState[] = []
  let lastId = 0
  let destroyed = false

  const options = () => target.options
  const limits = () => ({ ...defaultRetryLimits, maxRetries: options().maxRetries ?? defaultRetryLimits.maxRetries })

  function emit(type: UploadEvent['type'], task: UploadTaskState) {
    snapshot = Array.from(entries.values(), (entry) => entry.state)
    listeners.forEach((listener) => listener({ type, task, tasks: snapshot }))
  }

  function update(entry: Entry, patch: Partial<UploadTaskState>, type: UploadEvent['type'] = 'status') {
    entry.state = Object.freeze({ ...entry.state, ...patch })
    emit(type, entry.state)
  }

  /** The task's key, or an error state explaining why it has none. */
  function keyed(file: PickedFile, from: UploaderOptions): Partial<UploadTaskState> {
    try {
      if (!file || typeof file.path !== 'string' || !file.path || !(file.size >= 0)) throw invalidInput('invalid-file', { file })
      const key = from.keyOf ? from.keyOf(file) : defaultObjectKey(file, from.prefix || '', now(), random)
      checkObjectKey(key, from.allowPrefix)
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
    update(entry, patch, patch.status === 'done' ? 'done' : 'error')
    pump()
  }

  function pump() {
    const concurrency = options().concurrency ?? 3
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
    const { endpoint, signer, session } = entry.target
    const { fields, check } = await signer.form(key, file, attemptMarker(now()))
    if (entry.run !== run) return
    entry.check = check
    entry.signedWith = { secretId: fields['q-ak'], offsetMs: session?.offsetMs ?? 0 }
    let task: FormUploadTask
    try {
      task = options().transport.uploadForm({
        url: endpoint.baseUrl,
        formData: fields,
        filePath: file.path,
        fileName: file.name,
        file: file.file,
        timeout: options().timeout,
        idleTimeout: options().idleTimeout,
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
      update(entry, { loaded, total, percent: clamped, status: clamped >= 100 ? 'processing' : 'uploading' }, 'progress')
    })
    const response = await task.response.catch((error: unknown) => { throw transportFailure(error) })
    if (entry.run !== run) return
    const result = uploadedItemFrom(response, {
      endpoint,
      key: fields.key,
      file,
      allowPrefix: entry.target.options.allowPrefix,
      usingTemporaryKey: signer.temporary,
      nowMs: now(),
      keyTime: fields['q-key-time'],
    })
    finish(entry, { status: 'done', result, percent: 100, error: undefined })
  }

  /** A HEAD makes no progress to watch: the shorter of the attempt's bounds bounds it (none: the transport's default). */
  function headTimeout(): number | undefined {
    const bounds = [options().timeout, options().idleTimeout].filter((ms): ms is number => ms !== undefined)
    return bounds.length ? Math.min(...bounds) : undefined
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
        const { signer, session, endpoint } = entry.target
        if (answerMayBeLost(error, !!entry.sent)) {
          const { key, file } = entry.state
          const head = abortSignal()
          entry.stop = head.abort
          const stored = await storedUpload(options().transport, entry.check!, uploadedItem(endpoint, key, file.size), { timeout: headTimeout(), signal: head.signal })
          if (entry.run !== run) return
          if (stored) return finish(entry, { status: 'done', result: stored, percent: 100, error: undefined })
        }
        const recovery = decideRecovery(error, { retries, refreshed, signedOffsetMs: session ? entry.signedWith?.offsetMs : undefined, usingTemporaryKey: signer.temporary, nowMs: now(), random }, limits())
        if (recovery.action === 'fail') return finish(entry, { status: 'error', error })
        if (recovery.action === 'refresh') {
          // A second refresh in a run (the clock moved since the first) spends a retry.
          if (refreshed) retries++
          // Not this run's one refresh when another task already fixed what this attempt failed on.
          if (!session || session.recover(error, failureCause(error, signer.temporary) === 'clock', entry.signedWith)) refreshed = true
          continue
        }
        retries++
        // Waiting to retry: still in flight (holds its slot); `error` says why.
        update(entry, { status: 'queued', error, retrying: { retry: retries, of: limits().maxRetries } })
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, recovery.delayMs)
          entry.stop = () => { clearTimeout(timer); resolve() }
        })
        if (entry.run !== run) return
      }
    }
  }

  const uploader: Uploader = {
    add(files, { start = true } = {}) {
      if (destroyed) return []
      const added = files.map((file) => {
        const state: UploadTaskState = Object.freeze({
          id: `t${++lastId}`, file, key: '', status: 'queued' as TaskStatus, percent: 0, loaded: 0, total: file?.size || 0,
          attempt: 0, ...keyed(file, options()),
        })
        entries.set(state.id, { state, target, released: start, running: false, run: 0 })
        return state
      })
      for (const task of added) {
        emit('added', task)
        if (task.status === 'error') emit('error', task)
      }
      pump()
      return added
    },
    configure(patch) {
      if (destroyed) return
      const next = { ...options(), ...patch }
      // A new target only when where or how files go changed: a new session would cost an STS fetch.
      target = TARGET_OPTIONS.some((name) => name in patch && patch[name] !== options()[name])
        ? targetOf(next, now)
        : { ...target, options: checkLimits(next) }
      pump()
    },
    start() {
      entries.forEach((entry) => { entry.released = true })
      pump()
    },
    retry(id) {
      const entry = entries.get(id)
      if (!entry || destroyed || (entry.state.status !== 'error' && entry.state.status !== 'canceled')) return
      const { error, file } = entry.state
      const { signer, session } = entry.target
      if (error && session && retryRefreshesCredentials(error, signer.temporary)) {
        session.recover(error, failureCause(error, signer.temporary) === 'clock')
      }
      entry.released = true
      update(entry, { attempt: 0, percent: 0, loaded: 0, error: undefined, ...(entry.state.key ? { status: 'queued' } : keyed(file, entry.target.options)) })
      pump()
    },
    cancel(id) {
      const entry = entries.get(id)
      if (!entry || !ACTIVE.includes(entry.state.status)) return
      halt(entry)
      update(entry, { status: 'canceled' }, 'canceled')
      pump()
    },
    remove(id) {
      const entry = entries.get(id)
      if (!entry) return
      halt(entry)
      entries.delete(id)
      emit('removed', entry.state)
      pump()
    },
    clear() {
      const all = Array.from(entries.values())
      all.forEach(halt)
      entries.clear()
      all.forEach((entry) => emit('removed', entry.state))
    },
    getTasks: () => snapshot,
    on(listener) {
      listeners.add(listener)
      return () => { listeners.delete(listener) }
    },
    subscribe(listener) {
      return uploader.on((event) => listener(event.tasks))
    },
    prefetchCredentials() {
      target.session?.prefetch()
    },
    objectUrl: (key, { expiresIn } = {}) => target.signer.objectUrl(key, expiresIn),
    destroy() {
      destroyed = true
      entries.forEach(halt)
      listeners.clear()
    },
  }
  return uploader
}
