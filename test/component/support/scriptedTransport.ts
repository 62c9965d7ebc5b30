// A FormTransport the test drives by hand: each uploadForm call becomes a ScriptedUpload the test
// moves forward (progress events, the HTTP answer, a network failure). Abort rejects the way the
// host transports do: a CosUploaderError of kind 'canceled'.
import { CosUploaderError } from '../../../src/lib/core/errors'
import { type FormTransport, type FormUploadRequest, type FormUploadResponse, type FormUploadTask, type UploadProgress } from '../../../src/lib/core/transport'

export class ScriptedUpload {
  readonly request: FormUploadRequest
  aborted = false
  readonly task: FormUploadTask
  private listeners: Array<(progress: UploadProgress) => void> = []
  private resolve!: (response: FormUploadResponse) => void
  private reject!: (error: unknown) => void

  constructor(request: FormUploadRequest) {
    this.request = request
    const response = new Promise<FormUploadResponse>((resolve, reject) => {
      this.resolve = resolve
      this.reject = reject
    })
    this.task = {
      onProgress: (listener) => this.listeners.push(listener),
      abort: () => {
        if (this.aborted) return
        this.aborted = true
        this.reject(new CosUploaderError('canceled', {
          code: 'canceled', message: { 'zh-CN': '上传已取消', en: 'Upload canceled' }, retryable: false,
        }))
      },
      response,
    }
  }

  progress(loaded: number, total = loaded): void {
    const percent = total === 0 ? 100 : Math.round((loaded / total) * 100)
    for (const listener of this.listeners) listener({ loaded, total, percent })
  }

  /** COS's PostObject success: 204 with the ETag and Location headers. */
  succeed(etag = '"0123456789abcdef0123456789abcdef"'): void {
    this.resolve({ statusCode: 204, headers: { etag, location: this.request.url + this.request.formData.key }, data: '' })
  }

  /** No HTTP answer at all (connection refused, reset, timeout): a network-kind failure, as the host transports report. */
  failNetwork(): void {
    this.reject(new CosUploaderError('network', {
      code: 'network-error', message: { 'zh-CN': '网络错误或超时', en: 'Network failed or timed out' }, retryable: true,
    }))
  }

  /** A COS XML error answer. */
  failWith(statusCode: number, code: string, message: string, requestId = 'NjQ2ZjE2MTJfYWJjZGVm'): void {
    const data = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message>` +
      `<Resource>${this.request.url}</Resource><RequestId>${requestId}</RequestId></Error>`
    this.resolve({ statusCode, headers: { 'content-type': 'application/xml', 'x-cos-request-id': requestId }, data })
  }
}

export class ScriptedTransport implements FormTransport {
  readonly uploads: ScriptedUpload[] = []

  uploadForm(request: FormUploadRequest): FormUploadTask {
    const upload = new ScriptedUpload(request)
    this.uploads.push(upload)
    return upload.task
  }

  /** The upload of the file at `path` (the latest attempt). */
  of(path: string): ScriptedUpload {
    const found = [...this.uploads].reverse().find((upload) => upload.request.filePath === path)
    if (!found) throw new Error(`no upload of ${path} yet (have: ${this.uploads.map((u) => u.request.filePath).join(', ')})`)
    return found
  }
}
