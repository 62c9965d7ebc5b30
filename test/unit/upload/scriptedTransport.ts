// A FormTransport driven by the test, shaped like a host's uploadFile: progress events while the body is sent,
// abort() that makes the request fail with "abort", answers in any order, and (as on real hosts, where abort
// races the network) an answer or progress event that still arrives after abort.
import { CosUploaderError } from '../../../src/lib/core/errors'
import { type FormTransport, type FormUploadRequest, type FormUploadResponse, type FormUploadTask, type UploadProgress } from '../../../src/lib/core/transport'

export interface ScriptedUpload {
  request: FormUploadRequest
  aborted: boolean
  progress(loaded: number, total?: number): void
  respond(statusCode: number, headers?: Record<string, string>, data?: string): void
  failNetwork(reason?: string): void
}

export interface ScriptedTransport extends FormTransport {
  uploads: ScriptedUpload[]
  /** Uploads neither answered nor aborted. */
  pending(): ScriptedUpload[]
  /** When true, abort() is swallowed like a host whose request already completed: only a later answer settles it. */
  abortRaces: boolean
}

export function abortError(): CosUploaderError {
  return new CosUploaderError('canceled', { code: 'canceled', message: { 'zh-CN': '已取消', en: 'uploadFile:fail abort' }, retryable: false })
}

export function createScriptedTransport(): ScriptedTransport {
  const transport: ScriptedTransport = {
    uploads: [],
    abortRaces: false,
    pending: () => transport.uploads.filter((u) => !settled.has(u) && !u.aborted),
    uploadForm(request: FormUploadRequest): FormUploadTask {
      const listeners: Array<(p: UploadProgress) => void> = []
      let resolve!: (r: FormUploadResponse) => void
      let reject!: (e: unknown) => void
      const response = new Promise<FormUploadResponse>((res, rej) => { resolve = res; reject = rej })
      const upload: ScriptedUpload = {
        request,
        aborted: false,
        progress(loaded, total = 1000) {
          listeners.forEach((l) => l({ loaded, total, percent: Math.round((loaded / total) * 100) }))
        },
        respond(statusCode, headers = {}, data = '') {
          settled.add(upload)
          resolve({ statusCode, headers, data })
        },
        failNetwork(reason = 'uploadFile:fail interrupted') {
          settled.add(upload)
          reject(new CosUploaderError('network', { code: 'network', message: { 'zh-CN': reason, en: reason }, retryable: true }))
        },
      }
      transport.uploads.push(upload)
      return {
        onProgress: (listener) => { listeners.push(listener) },
        abort() {
          upload.aborted = true
          if (!transport.abortRaces) reject(abortError())
        },
        response,
      }
    },
  }
  const settled = new Set<ScriptedUpload>()
  return transport
}

/** A COS error body exactly as COS shapes it. */
export function cosErrorXml(code: string, message: string, requestId = 'NjVmYzA0ZTdfYjQzMjBiMGJfMmE5OF8x'): string {
  return `<?xml version='1.0' encoding='utf-8' ?>\n<Error><Code>${code}</Code><Message>${message}</Message>` +
    `<Resource>examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com/</Resource><RequestId>${requestId}</RequestId>` +
    '<TraceId>OGVmYzZiMmQzYjA2OWNhODk0NTRkMTBiOWVmMDAxODc0OWRkZjk0ZDM1NmI1M2E2MTRlY2MzZDhmNmI5MWI1OTE2YzhhM2E0NDg=</TraceId></Error>'
}

/** Lets pending promise callbacks (signing, answers) run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 50; i++) await Promise.resolve()
}
