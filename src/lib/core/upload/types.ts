// The upload engine contract (core; no Taro, no React).
import type { CosUploaderError } from '../errors'
import type { FormTransport } from '../transport'
import type { CredentialCache } from '../credentials'
import type { CosLocation } from '../endpoint'

export type TaskStatus = 'queued' | 'signing' | 'uploading' | 'processing' | 'done' | 'error' | 'canceled'

export interface PickedFile { path: string; size: number; type?: string; name?: string; width?: number; height?: number }

export interface UploadedItem { key: string; url: string; size: number; etag?: string }

export interface UploadTaskState {
  id: string
  file: PickedFile
  key: string
  status: TaskStatus
  /** From transport progress; 0–100. */
  percent: number
  loaded: number
  total: number
  /** 1 on the first try. */
  attempt: number
  /** Why the task failed; while `queued` after a failure, why an automatic retry is pending. */
  error?: CosUploaderError
  result?: UploadedItem
}

export interface UploaderOptions {
  location: CosLocation
  /** Hosts provide the Taro one, server/ the Node one. */
  transport: FormTransport
  /** Device signing with temporary keys (STS shape accepted). */
  getCredentials?: () => Promise<unknown>
  /** Or share one cache between uploaders. */
  credentialCache?: CredentialCache
  /** Ready-signed form fields from a server; the secret never reaches the device. */
  getPostPolicy?: (key: string, file: PickedFile) => Promise<Record<string, string>>
  prefix?: string
  /** Default key: `<prefix><yyyy>/<mm>/<dd>/<random>.<ext>`. */
  keyOf?: (file: PickedFile) => string
  /** Keys outside fail before upload, with the diagnosis. */
  allowPrefix?: string[]
  /** Default 3. */
  concurrency?: number
  successActionStatus?: 200 | 201 | 204
  /** Milliseconds per attempt. */
  timeout?: number
  now?: () => number
  random?: () => number
  dangerouslyAllowPermanentKey?: boolean
}

export interface Uploader {
  /** Keeps pick order. */
  add(files: PickedFile[], options?: { start?: boolean }): UploadTaskState[]
  /** Runs queued tasks up to `concurrency`. */
  start(): void
  /** Re-signs; refreshes credentials first if they or the clock caused the failure. */
  retry(id: string): void
  /** Aborts in flight; never reports success afterwards. */
  cancel(id: string): void
  /** cancel + forget. */
  remove(id: string): void
  clear(): void
  /** Pick order, immutable snapshots (a new object when a task changes). */
  getTasks(): UploadTaskState[]
  subscribe(listener: (tasks: UploadTaskState[]) => void): () => void
  prefetchCredentials(): void
  destroy(): void
}
