// The one HTTP operation an uploader needs from its platform: a multipart POST of a local file,
// with progress and abort (cf. tus-js-client's HttpStack). The Taro host layer implements it with
// uploadFile; Node tools and tests implement it with node:http.
//
// What a transport rejects with (`uploadForm`'s `response`, and `head`):
// - a CosUploaderError when it knows what happened: kind 'canceled' after abort(), 'network' for a failure on the
//   wire (reset, timeout, DNS…), 'input', 'host' or 'unsupported' for a request it refused before sending anything;
// - anything else (a plain `Error('socket hang up')` from a transport written elsewhere) counts as a network failure:
//   retryable, and, once the request was handed over, one whose answer may be lost, so the uploader checks whether
//   the object was stored before trying again.
// An HTTP answer, whatever its status, is never a rejection: `response` resolves with it.

/**
 * An attempt with no progress (no bytes sent or answered) for this long ends as a network failure, so a dead
 * connection never hangs a task while a large slow upload that keeps moving runs on. Progress is what the platform
 * reports: bytes handed to its network stack, whose buffers (a few MB) drain within this bound at any usable speed.
 */
export const DEFAULT_IDLE_TIMEOUT_MS = 60_000

export interface FormUploadRequest {
  url: string
  /** Form fields, sent before the file part, in this order. */
  formData: Record<string, string>
  /** A host temp path (wxfile://, blob:, …) or, in Node, a file system path. */
  filePath: string
  /** File name of the `file` part. */
  fileName?: string
  /** The browser's File for `filePath` where the host picked one (H5): a transport that can, posts it as it is. */
  file?: Blob
  headers?: Record<string, string>
  /** Milliseconds for the whole request; none by default. */
  timeout?: number
  /** Milliseconds without progress that end the attempt; default DEFAULT_IDLE_TIMEOUT_MS. */
  idleTimeout?: number
}

export interface UploadProgress {
  loaded: number
  total: number
  /** 0–100. */
  percent: number
}

export interface FormUploadResponse {
  statusCode: number
  /** Lower-cased header names; empty where the host doesn't expose headers. */
  headers: Record<string, string>
  data: string
}

export interface FormUploadTask {
  onProgress(listener: (progress: UploadProgress) => void): void
  abort(): void
  /** Resolves with any HTTP answer (2xx or not); rejects on network failure, timeout or abort. */
  response: Promise<FormUploadResponse>
}

/** An AbortSignal (Node, browsers) fits; mini programs have none, so the uploader brings its own (abortSignal()). */
export interface AbortSignalLike {
  readonly aborted: boolean
  addEventListener(type: 'abort', listener: () => void): void
}

/** A signal and the function that fires it, once. */
export function abortSignal(): { signal: AbortSignalLike; abort(): void } {
  const listeners: Array<() => void> = []
  const signal = { aborted: false, addEventListener: (_: 'abort', listener: () => void) => void listeners.push(listener) }
  return {
    signal,
    abort() {
      if (signal.aborted) return
      signal.aborted = true
      listeners.forEach((listener) => listener())
    },
  }
}

export interface HeadRequest {
  url: string
  /** Milliseconds; default DEFAULT_IDLE_TIMEOUT_MS. */
  timeout?: number
  /** Aborts the HEAD (the uploader's cancel); the promise then rejects. */
  signal?: AbortSignalLike
}

export interface HeadResponse {
  statusCode: number
  /** Lower-cased header names. */
  headers: Record<string, string>
}

export interface FormTransport {
  uploadForm(request: FormUploadRequest): FormUploadTask
  /**
   * HEAD of a (signed) URL; rejects on network failure. Optional: it lets the uploader check whether an upload whose
   * answer was lost is stored. Without it such an upload is simply retried (same key, so nothing is duplicated).
   */
  head?(request: HeadRequest): Promise<HeadResponse>
}
