// PUT, GET, HEAD and DELETE Object.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ObjectAction } from '../sts/scope'
import { authorizeObjectRequest } from './access'
import type { RequestTarget } from './addressing'
import { CosHttpError, incompleteBody } from './cosError'
import type { RequestBody } from './requestBody'
import type { EmulatorState } from './state'
import type { ObjectMeta } from './storage'
import { storedHeaders } from './storedHeaders'

const MAX_KEY_BYTES = 850

const UNSUPPORTED_SUBRESOURCES = ['uploads', 'uploadid', 'partnumber', 'acl', 'tagging', 'append', 'restore', 'select', 'cors']

export function validateKey(key: string): void {
  if (!key) throw new CosHttpError(400, 'InvalidArgument', 'The object key must not be empty.')
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) throw new CosHttpError(400, 'KeyTooLong', 'Your key is too long.')
}

export function checkSubresources(query: Record<string, string>): void {
  if (Object.keys(query).some((name) => UNSUPPORTED_SUBRESOURCES.indexOf(name.toLowerCase()) > -1)) {
    throw new CosHttpError(501, 'NotImplemented', 'The emulator implements simple object requests only.')
  }
}

function objectHeaders(meta: ObjectMeta): Record<string, string> {
  return {
    'Content-Type': meta.contentType,
    ETag: meta.etag,
    'Last-Modified': new Date(meta.lastModified).toUTCString(),
    'Accept-Ranges': 'bytes',
    ...meta.headers,
  }
}

/** `bytes=a-b`, `bytes=a-`, `bytes=-n` → inclusive range; undefined for none or a multi-range (whole object). */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec((header || '').trim())
  if (!match || (!match[1] && !match[2])) return undefined
  const start = match[1] ? Number(match[1]) : Math.max(0, size - Number(match[2]))
  const end = match[1] && match[2] ? Math.min(Number(match[2]), size - 1) : size - 1
  if (start >= size || start > end || (!match[1] && Number(match[2]) === 0)) {
    throw new CosHttpError(416, 'InvalidRange', 'The requested range is not satisfiable', { RangeRequested: header as string })
  }
  return { start, end }
}

export async function putObject(state: EmulatorState, req: IncomingMessage, res: ServerResponse, target: RequestTarget, body: RequestBody): Promise<void> {
  authorizeObjectRequest(state, req, target, 'PutObject')
  const pending = await state.store.begin(target.bucket as string, target.key)
  try {
    for await (const chunk of body) await pending.write(chunk)
    const expected = req.headers['content-length']
    if (expected !== undefined && Number(expected) !== pending.size) throw incompleteBody()
    const { contentType, headers } = storedHeaders(req.headers)
    const meta = await pending.commit({ contentType, headers, lastModified: new Date(state.now()).toISOString() })
    res.writeHead(200, { ETag: meta.etag, 'Content-Length': '0' }).end()
  } finally {
    await pending.discard()
  }
}

export async function getObject(state: EmulatorState, req: IncomingMessage, res: ServerResponse, target: RequestTarget): Promise<void> {
  const action: ObjectAction = req.method === 'HEAD' ? 'HeadObject' : 'GetObject'
  authorizeObjectRequest(state, req, target, action)
  const noSuchKey = new CosHttpError(404, 'NoSuchKey', 'The specified key does not exist.')
  if (req.method === 'HEAD') {
    const meta = await state.store.stat(target.bucket as string, target.key)
    if (!meta) throw noSuchKey
    res.writeHead(200, { ...objectHeaders(meta), 'Content-Length': String(meta.size) }).end()
    return
  }
  const found = await state.store.read(target.bucket as string, target.key)
  if (!found) throw noSuchKey
  const { meta, handle } = found
  let range: { start: number; end: number } | undefined
  try {
    range = parseRange(req.headers.range, meta.size)
  } catch (error) {
    await handle.close()
    res.setHeader('Content-Range', `bytes */${meta.size}`)
    throw error
  }
  const headers = objectHeaders(meta)
  if (range) headers['Content-Range'] = `bytes ${range.start}-${range.end}/${meta.size}`
  headers['Content-Length'] = String(range ? range.end - range.start + 1 : meta.size)
  res.writeHead(range ? 206 : 200, headers)
  if (meta.size === 0) {
    await handle.close()
    res.end()
    return
  }
  // The handle is closed here on every path: a client that hangs up mid-body must not leave it to the GC.
  const stream = handle.createReadStream({ ...(range ? { start: range.start, end: range.end } : {}), autoClose: false })
  try {
    if (res.destroyed) return
    await new Promise<void>((resolve, reject) => {
      stream.on('error', reject)
      res.on('close', resolve)
      stream.pipe(res)
    })
  } finally {
    stream.destroy()
    await handle.close()
  }
}

export async function deleteObject(state: EmulatorState, req: IncomingMessage, res: ServerResponse, target: RequestTarget): Promise<void> {
  authorizeObjectRequest(state, req, target, 'DeleteObject')
  await state.store.remove(target.bucket as string, target.key)
  res.writeHead(204).end()
}
