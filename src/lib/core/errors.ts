// Small typed errors (in the spirit of ky): every failure the library reports is one of these,
// carrying a diagnosis a person can act on, in zh-CN and en.
import { diagnosis, type Diagnosis, type Locale, type MessageId } from './messages'

export type { Diagnosis, Locale, LocalizedText } from './messages'

/** The fields of a COS XML error body. */
export interface CosErrorBody {
  Code: string
  Message: string
  Resource?: string
  RequestId?: string
  TraceId?: string
  StringToSign?: string
  FormatString?: string
  [field: string]: string | undefined
}

export type ErrorKind = 'input' | 'cos' | 'host' | 'credentials' | 'network' | 'canceled' | 'unsupported'

export class CosUploaderError extends Error {
  readonly kind: ErrorKind
  readonly diagnosis: Diagnosis

  constructor(kind: ErrorKind, diagnosis: Diagnosis, options: { cause?: unknown } = {}) {
    super(diagnosis.message.en)
    this.name = 'CosUploaderError'
    this.kind = kind
    this.diagnosis = diagnosis
    if (options.cause !== undefined) (this as { cause?: unknown }).cause = options.cause
    Object.setPrototypeOf(this, new.target.prototype)
  }

  get code(): string {
    return this.diagnosis.code
  }

  get retryable(): boolean {
    return this.diagnosis.retryable
  }

  describe(locale: Locale = 'zh-CN'): string {
    return this.diagnosis.message[locale]
  }
}

/** Bad input, caught before any network call. */
export class InvalidInputError extends CosUploaderError {
  constructor(diagnosis: Diagnosis) {
    super('input', diagnosis)
    this.name = 'InvalidInputError'
  }
}

/** COS answered with an error status; `cos` holds Code, Message, RequestId… from the XML body. */
export class CosServiceError extends CosUploaderError {
  readonly statusCode: number
  readonly cos: CosErrorBody
  readonly responseHeaders: Record<string, string>

  constructor(statusCode: number, cos: CosErrorBody, diagnosis: Diagnosis, responseHeaders: Record<string, string> = {}) {
    super('cos', diagnosis)
    this.name = 'CosServiceError'
    this.statusCode = statusCode
    this.cos = cos
    this.responseHeaders = responseHeaders
  }

  get requestId(): string | undefined {
    return this.cos.RequestId ?? this.responseHeaders['x-cos-request-id']
  }
}

/** A mini-program host API failed (`errMsg`), or the host can't do what was asked. */
export class HostError extends CosUploaderError {
  readonly errMsg: string

  constructor(errMsg: string, diagnosis: Diagnosis, kind: ErrorKind = 'host') {
    super(kind, diagnosis)
    this.name = 'HostError'
    this.errMsg = errMsg
  }
}

/** Fetching, validating or using temporary credentials failed. */
export class CredentialsError extends CosUploaderError {
  constructor(diagnosis: Diagnosis, options: { cause?: unknown } = {}) {
    super('credentials', diagnosis, options)
    this.name = 'CredentialsError'
  }
}

export function isCosUploaderError(value: unknown): value is CosUploaderError {
  return value instanceof CosUploaderError
}

/** An InvalidInputError (never retryable) with the message `code` of the core's table (messages.ts). */
export function invalidInput(code: MessageId, detail?: Record<string, unknown>, words?: Record<string, MessageId>): InvalidInputError {
  return new InvalidInputError(diagnosis(code, detail, words))
}
