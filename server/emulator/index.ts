// The local COS emulator: the XML API a mini program uses (PostObject, PUT/GET/HEAD/DELETE Object, CORS),
// checking signatures, POST policies and temporary-key scopes as strictly as COS. node:http only.
import { EventEmitter } from 'node:events'
import { promises as fs } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Duplex } from 'node:stream'
import { validateBucket, validateRegion } from '../../src/lib/node'
import type { StsScope, TemporaryKey } from '../sts/scope'
import { authorizeObjectRequest } from './access'
import { ADMIN_PATH, handleAdmin } from './admin'
import { resolveTarget, type RequestTarget } from './addressing'
import { CosHttpError, incompleteBody, requestTimeout } from './cosError'
import { faultDraw, FORCED_FAULT_HEADER, NO_FAULTS, requestFaultDraw, sleep, type FaultConfig, type FaultDraw, type FaultKind } from './faults'
import { loseAnswer } from './lostAnswer'
import { checkSubresources, deleteObject, getObject, putObject, validateKey } from './objectRequests'
import { postObject } from './postObject'
import type { RootKey } from './principal'
import { BodyAbortedError, RequestBody } from './requestBody'
import { newRequestId, rawErrorResponse, sendError, sendPreflight, setCommonHeaders } from './respond'
import type { BucketConfig, EmulatorState } from './state'
import { listen } from './serve'
import { ObjectStore } from './storage'
import { mintTemporaryKey } from './temporaryKeys'

export type { FaultConfig } from './faults'
export type { StsScope, TemporaryKey } from '../sts/scope'

/** The documented, obviously fake root key the emulator accepts unless told otherwise. */
export const DEFAULT_ROOT_KEY: RootKey = {
  secretId: 'AKIDEMULATOREXAMPLEKEY0000000000',
  secretKey: 'EmulatorExampleSecretKey00000000',
}
export const DEFAULT_REGION = 'ap-guangzhou'
/** Created "after 2024-01-01" (virtual-hosted only), and an older one that still accepts path style. */
export const DEFAULT_BUCKETS = ['examplebucket-1250000000', { name: 'legacybucket-1250000000', pathStyle: true }]
/**
 * How long the emulator waits for a client that sends nothing: the request headers must be complete, and the body
 * must not pause, for longer than this. COS doesn't publish its own bound; it answers such a client with
 * RequestTimeout, and so does the emulator, within this bound plus a quarter of it (at most 1 s more).
 */
export const DEFAULT_IDLE_TIMEOUT_MS = 30_000

export interface EmulatorOptions {
  /** 0 picks a free port. Default 0. */
  port?: number
  /** Default 127.0.0.1. */
  host?: string
  /** Where objects live; a fresh temp dir (removed on close) when absent. */
  dataDir?: string
  /** Default DEFAULT_BUCKETS. `pathStyle`: created before 2024-01-01. */
  buckets?: Array<string | { name: string; pathStyle?: boolean; publicRead?: boolean; publicWrite?: boolean }>
  region?: string
  secretId?: string
  secretKey?: string
  faults?: Partial<FaultConfig>
  /** Default DEFAULT_IDLE_TIMEOUT_MS. */
  idleTimeoutMs?: number
  /** No log lines on stderr. */
  quiet?: boolean
}

export interface RunningEmulator {
  url: string
  port: number
  region: string
  rootKey: RootKey
  dataDir: string
  buckets: BucketConfig[]
  /**
   * Emits 'request-body-start' ({ method, url, requestId }) when the first body byte of a request arrives,
   * 'request-end' (the same) once the emulator is done with a request (answered, or dropped with its temp file
   * removed), and 'fault' ({ fault: 'error' | 'reset' | 'lost-answer' | 'stall' | 'latency-spike', method, url, forced })
   * when an injected fault hits (`forced` when the request named it in the x-cos-emulator-fault header).
   */
  events: EventEmitter
  faults(): FaultConfig
  setFaults(faults: Partial<FaultConfig>): void
  /** The emulator's clock in ms (clock-offset fault included). */
  now(): number
  objectPath(bucket: string, key: string): string
  readObject(bucket: string, key: string): Promise<Buffer | undefined>
  /** Temp files of uploads in flight (an aborted upload leaves none). */
  tempFiles(): Promise<string[]>
  issueTemporaryKey(scope: StsScope, ttlSeconds?: number): TemporaryKey
  close(): Promise<void>
}

function bucketConfigs(list: EmulatorOptions['buckets'] = DEFAULT_BUCKETS): Map<string, BucketConfig> {
  const buckets = new Map<string, BucketConfig>()
  for (const item of list) {
    const config = typeof item === 'string' ? { name: item } : item
    validateBucket(config.name)
    buckets.set(config.name, { name: config.name, pathStyle: !!config.pathStyle, publicRead: !!config.publicRead, publicWrite: !!config.publicWrite })
  }
  return buckets
}

const noSuchBucket = () => new CosHttpError(404, 'NoSuchBucket', 'The specified bucket does not exist.')

/** Until the client gives up: the request is neither read nor answered. */
const untilClosed = (req: IncomingMessage) => new Promise<void>((resolve) => {
  if (req.socket.destroyed) return resolve()
  req.socket.once('close', () => resolve())
})

interface RequestFaults {
  draw: FaultDraw
  emit(fault: FaultKind): void
}

async function route(state: EmulatorState, req: IncomingMessage, res: ServerResponse, target: RequestTarget, body: RequestBody, faulty: RequestFaults): Promise<void> {
  if (req.method === 'OPTIONS') return sendPreflight(req, res)
  const { faults } = state
  if (faults.latencyMs) await sleep(faults.latencyMs)
  if (faulty.draw('latency-spike', faults.latencySpikeRate)) {
    faulty.emit('latency-spike')
    await sleep(faults.latencySpikeMs)
  }
  if (faulty.draw('error', faults.errorRate)) {
    faulty.emit('error')
    throw faults.errorStatus === 500
      ? new CosHttpError(500, 'InternalError', 'We encountered an internal error. Please try again.')
      : new CosHttpError(503, 'ServiceUnavailable', 'Please reduce your request rate.')
  }
  if (faulty.draw('stall', faults.stallRate)) {
    faulty.emit('stall')
    return untilClosed(req)
  }
  if ((req.method === 'POST' || req.method === 'PUT') && faulty.draw('lost-answer', faults.lostAnswerRate)) {
    loseAnswer(res, () => faulty.emit('lost-answer'))
  }
  if (!target.bucket) throw new CosHttpError(501, 'NotImplemented', 'The emulator serves bucket requests only.')
  const bucket = state.buckets.get(target.bucket)
  if (!bucket || (target.region && target.region !== state.region)) throw noSuchBucket()
  if (target.pathStyle && !bucket.pathStyle) {
    throw new CosHttpError(403, 'PathStyleDomainForbidden', 'The bucket you are attempting to access must be addressed using COS virtual-styled domain.')
  }
  checkSubresources(target.query)
  if (req.method === 'POST' && !target.key) return postObject(state, req, res, target, body)
  if (req.method === 'HEAD' && !target.key) {
    authorizeObjectRequest(state, req, target, 'HeadObject')
    return void res.writeHead(200).end()
  }
  if (!target.key) throw new CosHttpError(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.')
  validateKey(target.key)
  if (req.method === 'PUT') return putObject(state, req, res, target, body)
  if (req.method === 'GET' || req.method === 'HEAD') return getObject(state, req, res, target)
  if (req.method === 'DELETE') return deleteObject(state, req, res, target)
  throw new CosHttpError(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.')
}

/** Requests whose body is being read, by socket: what to answer when Node's parser gives up on one. */
const readingBody = new WeakMap<object, { requestId: string; resource: string }>()

async function handle(state: EmulatorState, req: IncomingMessage, res: ServerResponse, setFaults: (f: Partial<FaultConfig>) => void): Promise<void> {
  const requestId = newRequestId()
  setCommonHeaders(req, res, requestId, state.now())
  let target: RequestTarget | undefined
  const faults = state.faults
  const hasBody = req.headers['content-length'] !== undefined ? Number(req.headers['content-length']) > 0 : !!req.headers['transfer-encoding']
  const requested = requestFaultDraw(req.headers[FORCED_FAULT_HEADER], state.drawFault)
  const faulty: RequestFaults = {
    draw: requested ? requested.draw : () => false,
    emit: (fault) => state.events.emit('fault', { fault, method: req.method, url: req.url, forced: !!requested?.forced }),
  }
  const length = Number(req.headers['content-length'])
  // A reset named by the request comes mid-body, however short the body.
  const resetAfterBytes = requested?.forced && length > 1 ? Math.min(faults.resetAfterBytes, Math.floor(length / 2)) : faults.resetAfterBytes
  const body = new RequestBody(req, {
    faults,
    resetAfterBytes: hasBody && faulty.draw('reset', faults.resetRate) ? resetAfterBytes : undefined,
    idleTimeoutMs: state.idleTimeoutMs,
    onFirstByte: () => state.events.emit('request-body-start', { method: req.method, url: req.url, requestId }),
    onReset: () => faulty.emit('reset'),
  })
  if (hasBody) readingBody.set(req.socket, { requestId, resource: req.url || '/' })
  try {
    target = resolveTarget(req.url || '/', req.headers.host)
    if (target.pathStyle && target.pathname === ADMIN_PATH) return await handleAdmin(req, res, () => state.faults, setFaults)
    if (!requested) throw new CosHttpError(400, 'InvalidArgument', `The ${FORCED_FAULT_HEADER} header must be error, reset, lost-answer, stall or none.`)
    await route(state, req, res, target, body, faulty)
  } catch (error) {
    body.discard()
    // Answered already, by the clientError handler below, when Node's parser gave up on the body.
    if (error instanceof BodyAbortedError) return void (req.socket.writableEnded || res.destroy())
    // Dated when sent, not when the request came: clients take the clock offset from an error's Date.
    if (!res.headersSent) res.setHeader('Date', new Date(state.now()).toUTCString())
    const resource = target ? target.host + target.pathname : req.url || '/'
    // The rest of a stalled body would never come: close instead of waiting to read it.
    if (error instanceof CosHttpError && error.code === 'RequestTimeout') res.setHeader('Connection', 'close')
    if (error instanceof CosHttpError) return sendError(req, res, error, resource, requestId)
    state.log(`emulator: ${req.method} ${req.url} failed: ${(error as Error).stack || error}`)
    sendError(req, res, new CosHttpError(500, 'InternalError', 'We encountered an internal error. Please try again.'), resource, requestId)
  } finally {
    readingBody.delete(req.socket)
    state.events.emit('request-end', { method: req.method, url: req.url, requestId })
  }
}

/**
 * Node's parser gives up on a connection whose headers don't arrive in time (ERR_HTTP_REQUEST_TIMEOUT) or that the
 * client half-closes before the Content-Length is reached (HPE_INVALID_EOF_STATE): answered in COS's XML, as COS
 * answers a slow or short request, instead of Node's bare 408/400. Other parse errors get Node's own answer.
 */
function answerClientError(state: EmulatorState, error: NodeJS.ErrnoException, socket: Duplex): void {
  const reading = readingBody.get(socket)
  const cosError = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? requestTimeout()
    : error.code === 'HPE_INVALID_EOF_STATE' && reading ? incompleteBody() : undefined
  if (!socket.writable || (error.code === 'HPE_INVALID_EOF_STATE' && !cosError)) return void socket.destroy()
  if (!cosError) {
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request'
    return void socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`)
  }
  socket.end(rawErrorResponse(cosError, reading?.resource ?? '/', reading?.requestId ?? newRequestId(), state.now()))
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const region = options.region || DEFAULT_REGION
  validateRegion(region)
  const root: RootKey = { secretId: options.secretId || DEFAULT_ROOT_KEY.secretId, secretKey: options.secretKey || DEFAULT_ROOT_KEY.secretKey }
  const buckets = bucketConfigs(options.buckets)
  const ownDataDir = !options.dataDir
  const dataDir = options.dataDir ? resolve(options.dataDir) : await fs.mkdtemp(join(tmpdir(), 'cos-emulator-'))
  const store = new ObjectStore(dataDir)
  await store.open([...buckets.keys()])
  const events = new EventEmitter()
  const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS
  if (!(idleTimeoutMs >= 100)) throw new Error('idleTimeoutMs must be at least 100')
  const state: EmulatorState = {
    root,
    region,
    buckets,
    store,
    faults: { ...NO_FAULTS, ...options.faults },
    drawFault: faultDraw(options.faults?.seed),
    now: () => Date.now() + state.faults.clockOffsetSeconds * 1000,
    events,
    log: (line) => options.quiet || process.stderr.write(line + '\n'),
    idleTimeoutMs,
  }
  const setFaults = (faults: Partial<FaultConfig>) => {
    state.faults = { ...state.faults, ...faults }
    if (faults.seed !== undefined) state.drawFault = faultDraw(faults.seed)
  }
  // requestTimeout 0: the body's limit is on idleness (RequestBody), not on the whole request, so a large upload
  // from a slow but steady client still works.
  const server = createServer({
    headersTimeout: idleTimeoutMs,
    requestTimeout: 0,
    connectionsCheckingInterval: Math.min(1000, idleTimeoutMs / 4),
  }, (req, res) => void handle(state, req, res, setFaults))
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => answerClientError(state, error, socket))
  const listening = await listen(server, options.port ?? 0, options.host || '127.0.0.1')
  return {
    url: listening.url,
    port: listening.port,
    region,
    rootKey: { ...root },
    dataDir,
    buckets: [...buckets.values()],
    events,
    faults: () => ({ ...state.faults }),
    setFaults,
    now: () => state.now(),
    objectPath: (bucket, key) => store.objectPath(bucket, key),
    readObject: async (bucket, key) => {
      const found = await store.read(bucket, key)
      if (!found) return undefined
      try {
        return await found.handle.readFile()
      } finally {
        await found.handle.close()
      }
    },
    tempFiles: () => store.tempFiles(),
    issueTemporaryKey: (scope, ttlSeconds = 1800) => mintTemporaryKey(root.secretKey, scope, Math.floor(state.now() / 1000), ttlSeconds),
    close: async () => {
      await listening.close()
      if (ownDataDir) await fs.rm(dataDir, { recursive: true, force: true })
    },
  }
}
