// FormTransport over the host's uploadFile: a multipart POST with the form fields first and the `file` part last
// (the order every host's uploadFile uses), normalised progress, abort, and the status as a number.
import { invalidInput } from '../core/errors'
import { DEFAULT_IDLE_TIMEOUT_MS, type FormUploadRequest, type FormUploadResponse, type FormUploadTask, type UploadProgress } from '../core/transport'
import { requireCapability } from './capabilities'
import { checkHttpUrl, hostFailure, unsupportedApi } from './errors'
import { apiOf, ignoreRejection, type Platform } from './platform'
import type { CapabilityOptions, HostAnswer, HostProgress, HostUploadTask } from './types'

/** Throws where capabilities(gate).upload is off (QQ and JD unless `allowUnverifiedHosts`, an unknown host). */
export function uploadForm(platform: Platform, request: FormUploadRequest, gate: CapabilityOptions = {}): FormUploadTask {
  checkRequest(request)
  requireCapability(platform, 'upload', gate)
  const { url, filePath, formData, fileName, file, headers, timeout, idleTimeout = DEFAULT_IDLE_TIMEOUT_MS } = request
  const context = { api: 'uploadFile', url, host: platform.id }
  const upload = apiOf(platform, 'uploadFile')
  const listeners: Array<(progress: UploadProgress) => void> = []
  const received: Record<string, string> = {}
  let task: HostUploadTask | undefined
  let cancel = (): void => undefined

  const host = platform.id
  const options = {
    url, filePath, name: 'file', formData, header: { ...headers },
    ...(timeout ? { timeout } : {}),
    // Alipay's IDE still requires fileType; its `fileName` is the part name (Taro and uni copy name → fileName).
    ...(host === 'alipay' ? { fileType: 'image', fileName: 'file' } : {}),
    // Taro H5 defaults to withCredentials: true, which wildcard-CORS buckets refuse. `fileName` names the part's file.
    // On the browser's own uploadFile (h5-upload.ts), `file` is what it posts.
    ...(host === 'h5' ? { withCredentials: false, ...(fileName ? { fileName } : {}), ...(file ? { file } : {}) } : {}),
  }

  const response = new Promise<FormUploadResponse>((resolve, reject) => {
    if (!upload) return reject(unsupportedApi('uploadFile'))
    let timer: ReturnType<typeof setTimeout> | undefined
    let idleTimer: ReturnType<typeof setTimeout> | undefined
    const stopTimers = () => {
      clearTimeout(timer)
      clearTimeout(idleTimer)
    }
    const fail = (raw: unknown) => {
      stopTimers()
      reject(hostFailure(raw, context))
    }
    const timedOut = () => {
      task?.abort?.()
      fail({ errMsg: 'uploadFile:fail timeout' })
    }
    // No progress for `idleTimeout` ends the attempt (hosts that never report progress: no answer for that long).
    // Progress comes many times a second: it only notes the time, and the one timer re-arms itself when it fires early.
    let movedAt = 0
    const watchIdle = (delay: number) => {
      idleTimer = setTimeout(() => {
        const idle = monotonicNow() - movedAt
        if (idle >= idleTimeout) timedOut()
        else watchIdle(idleTimeout - idle)
      }, delay)
    }
    const moved = () => {
      movedAt = monotonicNow()
      if (idleTimer === undefined) watchIdle(idleTimeout)
    }
    const success = (res: HostAnswer) => {
      stopTimers()
      resolve({
        statusCode: Number(res.statusCode),
        headers: { ...received, ...headersOf(res) },
        data: typeof res.data === 'string' ? res.data : res.data == null ? '' : JSON.stringify(res.data),
      })
    }
    try {
      // With callbacks, uni returns its UploadTask (without, a bare promise: dcloudio/uni-app#3607); Taro returns a
      // promise that carries the task's methods.
      task = (upload({ ...options, success, fail }) ?? undefined) as HostUploadTask | undefined
      ignoreRejection(task)
    } catch (error) {
      return fail(error)
    }
    moved()
    task?.onProgressUpdate?.((event) => {
      moved()
      const progress = progressOf(event)
      listeners.forEach((listener) => listener(progress))
    })
    try {
      task?.onHeadersReceived?.((event) => Object.assign(received, headersOf(event)))
    } catch {
      // uni-app H5's UploadTask has the method, and it throws "Method not implemented.": no early headers there.
    }
    // Settle at once on abort and on timeout, whatever the host reports later (some ignore `timeout`).
    cancel = () => {
      task?.abort?.()
      fail({ errMsg: 'uploadFile:fail abort' })
    }
    if (timeout) timer = setTimeout(timedOut, timeout)
  })
  return {
    onProgress: (listener) => void listeners.push(listener),
    abort: () => cancel(),
    response,
  }
}

/**
 * Milliseconds that a device clock set by hand or by the network can't move, where the host has them (browsers, H5);
 * elsewhere the device clock, which at worst ends an attempt early, as a retryable network failure.
 */
function monotonicNow(): number {
  return typeof performance !== 'undefined' && typeof performance.now === 'function' ? performance.now() : Date.now()
}

function progressOf(event: HostProgress): UploadProgress {
  const loaded = Number(event.totalBytesSent ?? event.totalBytesWritten ?? 0)
  const total = Number(event.totalBytesExpectedToSend ?? event.totalBytesExpectedToWrite ?? 0)
  // Without a total (jsdom, some hosts), H5 computes progress as 0/0.
  const percent = total > 0 ? (loaded / total) * 100 : Number(event.progress)
  return { loaded, total, percent: Number.isFinite(percent) ? Math.min(100, Math.max(0, percent)) : 0 }
}

/**
 * Lower-cased header names from a host result's or event's `header` (WeChat-like) / `headers` (Alipay): an object,
 * or H5's raw header block. A result without either has no headers (it is not itself a header object).
 */
export function headersOf(source: unknown): Record<string, string> {
  const wrapped = (source ?? {}) as { header?: unknown; headers?: unknown }
  const value = typeof wrapped === 'object' ? wrapped.header ?? wrapped.headers : undefined
  const out: Record<string, string> = {}
  if (typeof value === 'string') {
    for (const line of value.split(/\r?\n/)) {
      const at = line.indexOf(':')
      if (at > 0) out[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim()
    }
  } else if (value && typeof value === 'object') {
    for (const [name, v] of Object.entries(value)) {
      if (v != null && typeof v !== 'object') out[name.toLowerCase()] = String(v)
      else if (Array.isArray(v)) out[name.toLowerCase()] = v.join(', ')
    }
  }
  return out
}

function checkRequest(request: FormUploadRequest): void {
  const { url, filePath, formData } = request
  checkHttpUrl(url, 'upload-url')
  if (typeof filePath !== 'string' || !filePath) throw invalidInput('invalid-file-path', { filePath }, { what: 'to-upload' })
  const bad = Object.keys(formData || {}).filter((name) => typeof formData[name] !== 'string')
  if (bad.length) throw invalidInput('invalid-form-field', { fields: bad })
}
