// Headers every answer carries (Date from the emulator's clock, x-cos-request-id, CORS) and COS's XML errors.
import { randomBytes } from 'node:crypto'
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http'
import { ATTEMPT_FIELD } from '../../src/lib/node'
import type { CosHttpError } from './cosError'
import { xmlDocument } from './xml'

// The uploader's attempt marker too: a browser reads it on the HEAD that checks an upload whose answer was lost.
export const EXPOSED_HEADERS = `ETag, Date, x-cos-request-id, Content-Length, Content-Range, Location, x-cos-trace-id, ${ATTEMPT_FIELD}`

export function newRequestId(): string {
  return randomBytes(24).toString('base64')
}

export function setCommonHeaders(req: IncomingMessage, res: ServerResponse, requestId: string, nowMs: number): void {
  res.sendDate = false
  res.setHeader('Date', new Date(nowMs).toUTCString())
  res.setHeader('Server', 'tencent-cos')
  res.setHeader('x-cos-request-id', requestId)
  const origin = req.headers.origin
  res.setHeader('Access-Control-Allow-Origin', origin || '*')
  if (origin) res.setHeader('Vary', 'Origin')
  res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS)
}

/** CORS preflight: any origin, the object methods, whatever headers the client asks for. */
export function sendPreflight(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('Access-Control-Allow-Methods', 'GET, PUT, POST, DELETE, HEAD')
  res.setHeader('Access-Control-Allow-Headers', req.headers['access-control-request-headers'] || '*')
  res.setHeader('Access-Control-Max-Age', '600')
  res.setHeader('Content-Length', '0')
  res.writeHead(200).end()
}

function errorXml(error: CosHttpError, resource: string, requestId: string): string {
  return xmlDocument('Error', [
    ['Code', error.code],
    ['Message', error.message],
    ['Resource', resource],
    ['RequestId', requestId],
    ['TraceId', randomBytes(30).toString('base64')],
    ...Object.entries(error.fields),
  ])
}

export function sendError(req: IncomingMessage, res: ServerResponse, error: CosHttpError, resource: string, requestId: string): void {
  if (res.headersSent) {
    res.destroy()
    return
  }
  const body = errorXml(error, resource, requestId)
  res.setHeader('Content-Type', 'application/xml')
  res.setHeader('Content-Length', Buffer.byteLength(body))
  res.writeHead(error.status)
  res.end(req.method === 'HEAD' ? undefined : body)
}

/** The whole HTTP answer as text, for a connection Node's parser gave up on (no request object to answer). */
export function rawErrorResponse(error: CosHttpError, resource: string, requestId: string, nowMs: number): string {
  const body = errorXml(error, resource, requestId)
  return [
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status]}`,
    `Date: ${new Date(nowMs).toUTCString()}`,
    'Server: tencent-cos',
    `x-cos-request-id: ${requestId}`,
    'Content-Type: application/xml',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n')
}
