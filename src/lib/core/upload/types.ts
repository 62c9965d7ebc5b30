// The upload engine contract (core; no Taro, no React).
import type { CredentialSession } from '../credentials'
import type { CosUploaderError } from '../errors'
import type { FormTransport } from '../transport'
import type { CosLocation } from '../url'

/** `processing`: the whole body is sent, COS has not answered yet. Only a 2xx answer makes `done`. */
export type TaskStatus = 'queued' | 'signing' | 'uploading' | 'processing' | 'done' | 'error' | 'canceled'

export interface PickedFile {
  /** A host temp path (wxfile://, blob:, …) or, in Node, a file system path. */
  path: string; size: number; type?: string; name?: string; width?: number; height?: number
  /** A small copy for the tile (H5's picker makes one): decoding it costs far less than the full image. */
  thumbPath?: string
  /** The browser's own File, where the host picked one (H5): a transport may send it as it is. */
  file?: Blob
}

/** What a server-signed getPostPolicy may answer: the form fields, and a signed HEAD URL for the key. */
export interface ServerSignedForm { fields: Record<string, string>; headUrl?: string }

export interface UploadedItem { key: string; url: string; size: number; etag?: string }

/** A URL to GET an object with; `expiresAt` (ms, device clock) is when a signed one stops working. */
export interface ExpiringUrl { url: string; expiresAt?: number }

export interface UploadTaskState {
  id: string
  file: PickedFile
  key: string
  status: TaskStatus
  /** From transport progress; 0–100. */
  percent: number
  loaded: number
  total: number
  /** 0 before the first try, 1 on the first try; up to 4 with the 3 automatic retries. A manual retry starts again at 1. */
  attempt: number
  /** Why the task failed; while `queued` after a failure, why an automatic retry is pending. */
  error?: CosUploaderError
  /** While `queued` waiting for an automatic retry: which one, of how many ("retrying (1/3)"). */
  retrying?: { retry: number; of: number }
  result?: UploadedItem
}

/** Where and how files go: a change (configure) applies to files added after it. */
export interface UploadTarget {
  location: CosLocation
  /** Device signing with temporary keys (STS shape accepted). */
  getCredentials?: () => Promise<unknown>
  /** Or one credentials session shared between uploaders. */
  session?: CredentialSession
  /**
   * Ready-signed form fields from a server; the secret never reaches the device. `attempt` marks this attempt: a
   * server that signs it into its policy as `x-cos-meta-attempt` and returns the form with it, plus a signed `headUrl`
   * for the key, lets the uploader tell whether an upload whose answer was lost is stored. Without them such an upload
   * is retried.
   */
  getPostPolicy?: (key: string, file: PickedFile, context: { attempt: string }) => Promise<Record<string, string> | ServerSignedForm>
  prefix?: string
  /** Default key: `<prefix><yyyy>/<mm>/<dd>/<16 random base-36 chars>.<ext>`, the date in UTC. */
  keyOf?: (file: PickedFile) => string
  /** Keys outside fail at add(), before any network call, with the diagnosis (`key-outside-prefix`). */
  allowPrefix?: string[]
  /** Which 2xx COS answers with (COS default 204). */
  successActionStatus?: 200 | 201 | 204
  /** Accept a key without sessionToken. Anyone can extract a permanent key from a mini program. */
  dangerouslyAllowPermanentKey?: boolean
}

export interface UploaderOptions extends UploadTarget {
  /** Hosts provide theirs (uploadFile), the Node entry createNodeTransport. */
  transport: FormTransport
  /** Default 3. */
  concurrency?: number
  /** Automatic retries of transient failures (5xx, timeouts, resets, STS failures) per run. Default 3. */
  maxRetries?: number
  /** Milliseconds per attempt, passed to the transport; none by default. */
  timeout?: number
  /** Milliseconds without progress that end an attempt (a transient failure, retried); default 60 s (DEFAULT_IDLE_TIMEOUT_MS). */
  idleTimeout?: number
  /** Device clock in ms; default Date.now. */
  now?: () => number
  /** [0, 1) for keys and backoff jitter; default Math.random. */
  random?: () => number
}

/**
 * What happened to one task, in the order it happened; `tasks` is every task after it, in pick order.
 * `added` (pick order within a batch), `status` (signing, uploading, processing, waiting to retry), `progress`
 * (bytes sent), then one of `done`, `error`, `canceled`; `removed` when it is forgotten.
 */
export interface UploadEvent {
  type: 'added' | 'status' | 'progress' | 'done' | 'error' | 'canceled' | 'removed'
  task: UploadTaskState
  tasks: UploadTaskState[]
}

export interface Uploader {
  /** Keeps pick order. `start` defaults to true; with false, the tasks wait for start(). */
  add(files: PickedFile[], options?: { start?: boolean }): UploadTaskState[]
  /**
   * Changes options for what comes next. Where and how files go (UploadTarget: bucket, region, endpoint, prefix,
   * keys, credentials) applies to files added from now on: a task keeps the target it was added with, retries
   * included, so nothing in flight is aborted or re-signed elsewhere. Concurrency, retries and timeouts apply to
   * the next attempt. Throws InvalidInputError, keeping the old options, when the new ones are invalid.
   */
  configure(patch: Partial<Omit<UploaderOptions, 'transport' | 'now' | 'random'>>): void
  /** Runs queued tasks up to `concurrency`. */
  start(): void
  /**
   * For an `error` or `canceled` task: re-signs and uploads again with the same key. After a clock failure adopts
   * the server clock from the Date header; fetches new credentials first when they (expired on the server's clock,
   * or the server's time unknown) or their scope caused the failure.
   */
  retry(id: string): void
  /** Aborts in flight; never reports success afterwards. */
  cancel(id: string): void
  /** cancel + forget. */
  remove(id: string): void
  clear(): void
  /** Pick order, immutable snapshots (a new object when a task changes). */
  getTasks(): UploadTaskState[]
  /** Every event, as it happens; returns the unsubscribe. */
  on(listener: (event: UploadEvent) => void): () => void
  /** The tasks after every event. */
  subscribe(listener: (tasks: UploadTaskState[]) => void): () => void
  /** Device signing: fetch credentials now so the first upload starts at once. */
  prefetchCredentials(): void
  /**
   * A GET URL for `key`. Device signing: signed with the uploader's credentials, on the server's clock as far as the
   * uploader has learned it; valid `expiresIn` seconds, by default for the credentials' lifetime where they carry
   * startTime, else 900 s. Ask again once `expiresAt` is near. Server-signed policy (no key on the device): the
   * plain URL, without `expiresAt`.
   */
  objectUrl(key: string, options?: { expiresIn?: number }): Promise<ExpiringUrl>
  /** Aborts everything in flight and stops notifying; later calls do nothing. */
  destroy(): void
}
