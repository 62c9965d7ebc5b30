// COS answers errors with a small XML body (doc 436/7730); read it without an XML library.
import { diagnoseCosError } from './diagnose'
import type { DiagnosisContext } from './diagnose'
import { CosServiceError } from './errors'
import type { CosErrorBody } from './errors'

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

function decodeXmlText(text: string): string {
  const cdata = /^<!\[CDATA\[([\s\S]*)\]\]>$/.exec(text)
  if (cdata) return cdata[1]
  return text.replace(/&(?:([a-z]+)|#(\d+)|#x([\da-f]+));/gi, (entity, name: string, dec: string, hex: string) => {
    const code = name ? -1 : parseInt(dec || hex, dec ? 10 : 16)
    if (name) return ENTITIES[name] || entity
    return code <= 0x10ffff ? String.fromCodePoint(code) : entity
  })
}

// COS error bodies are well under 1 KB (with StringToSign, a few KB). On megabytes of tag soup the patterns below
// take quadratic time, so a longer body is not read as one.
const MAX_ERROR_BODY = 16 * 1024

/** The fields of `<Error>…</Error>`, entities decoded; undefined for anything that isn't a COS error body. */
export function parseCosError(xml: string): CosErrorBody | undefined {
  const error = typeof xml === 'string' && xml.length <= MAX_ERROR_BODY ? /<Error(?:\s[^>]*)?>([\s\S]*?)<\/Error>/.exec(xml) : null
  if (!error) return undefined
  const body: Record<string, string> = {}
  const field = /<([A-Za-z][\w.-]*)(?:\s[^>]*?)?(?:\/>|>([\s\S]*?)<\/\1>)/g
  for (let match = field.exec(error[1]); match; match = field.exec(error[1])) {
    body[match[1]] = decodeXmlText(match[2] || '')
  }
  return body.Code ? { ...body, Code: body.Code, Message: body.Message || '' } : undefined
}

export interface HttpErrorResponse {
  statusCode: number
  headers?: Record<string, string>
  data?: unknown
}

/** A diagnosed CosServiceError for a non-2xx answer; a body that isn't COS XML keeps Code '' and the status. */
export function errorFromResponse(response: HttpErrorResponse, context: DiagnosisContext = {}): CosServiceError {
  const headers: Record<string, string> = {}
  for (const name of Object.keys(response.headers || {})) headers[name.toLowerCase()] = String(response.headers![name])
  const cos = parseCosError(response.data as string) || { Code: '', Message: '' }
  if (!cos.RequestId && headers['x-cos-request-id']) cos.RequestId = headers['x-cos-request-id']
  return new CosServiceError(response.statusCode, cos, diagnoseCosError(response.statusCode, cos, headers, context), headers)
}
