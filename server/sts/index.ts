// The STS service: `GET /sts` answers temporary keys in the shape of Tencent's STS samples, `POST /post-policy`
// answers ready-signed PostObject fields, `GET /bucket` where to upload ({bucket, region, endpoint}). Emulator mode
// mints keys the emulator honours; real mode asks Tencent Cloud STS (qcloud-cos-sts) with the permanent key from the
// environment.
//
// PRODUCTION: authenticate the callers (`authToken`, `authorize`, or both). Without either the service listens on
// loopback only: whoever can reach it gets upload keys for your bucket, and CORS does not stop them (auth.ts).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { DEFAULT_REGION, DEFAULT_ROOT_KEY, type RunningEmulator } from '../emulator'
import { listen, sendJson } from '../emulator/serve'
import { mintTemporaryKey } from '../emulator/temporaryKeys'
import { isAuthenticated, requireAuthOffLoopback, type StsAuth } from './auth'
import { applyCors, RateLimiter } from './guards'
import { parsePostPolicyRequest, signedHeadUrl, signedPostFields } from './postPolicyFields'
import { describeStsFailure, fetchRealTemporaryKey, loadStsClient, realConfigFromEnv, type RealStsConfig, type StsClient } from './realMode'
import { DEFAULT_SCOPE, scopeAllows, validateScope, type StsScope, type TemporaryKey } from './scope'

export type { StsScope, TemporaryKey } from './scope'
export { DEFAULT_SCOPE } from './scope'

export interface StsOptions extends StsAuth {
  /** Default 0 (a free port). */
  port?: number
  /** Default 127.0.0.1. Any other than loopback needs `authToken` or `authorize`. */
  host?: string
  /** Emulator mode: mint keys for this running emulator (its root key, clock and region). */
  emulator?: RunningEmulator
  /** Emulator mode without a running emulator in this process: the emulator's root key. Default DEFAULT_ROOT_KEY. */
  rootKey?: { secretId: string; secretKey: string }
  /** Default DEFAULT_SCOPE: PostObject and GetObject under `uploads/`. */
  scope?: StsScope
  /** Default 1800. */
  ttlSeconds?: number
  /** Origins allowed to call from a browser; '*' allows any. Requests with another Origin get 403. */
  corsOrigins?: string[]
  /** Per client address. Default 120. */
  rateLimitPerMinute?: number
  /** Default 'emulator'. 'real' reads COS_SECRET_ID, COS_SECRET_KEY, COS_BUCKET, COS_REGION (see realMode.ts). */
  mode?: 'emulator' | 'real'
  /** Real mode: instead of the environment. */
  real?: RealStsConfig
  /** Real mode: instead of qcloud-cos-sts (tests). */
  stsClient?: StsClient
  /** Lines the service logs (failures with their reason, warnings); default stderr unless `quiet`. */
  log?: (line: string) => void
  /** The bucket `/post-policy` signs for (emulator mode; real mode uses COS_BUCKET). Default: scope.bucket or examplebucket-1250000000. */
  bucket?: string
  /** Base URL `/post-policy` returns for uploads; `{bucket}`/`{region}` are filled in. */
  uploadUrl?: string
  /** Named variants a client picks with `{"scope": "<name>"}` (POST body) or `?scope=<name>`, e.g. for demo failures. */
  presets?: Record<string, StsPreset>
  /** No log lines. */
  quiet?: boolean
}

export interface StsPreset {
  scope?: StsScope
  ttlSeconds?: number
  /** Shifts startTime/expiredTime, e.g. -7200 for an already expired key, 3600 for a skewed STS clock. */
  startOffsetSeconds?: number
}

export interface RunningSts {
  url: string
  port: number
  /** Temporary keys handed out so far (GET /sts and POST /post-policy). */
  fetchCount(): number
  setScope(scope: StsScope): void
  close(): Promise<void>
}

const MAX_BODY_BYTES = 16 * 1024
const MAX_UPLOAD_BYTES = 5 * 1024 * 1024 * 1024

class HttpProblem extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message)
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY_BYTES) throw new HttpProblem(413, 'body-too-large', `the body must be at most ${MAX_BODY_BYTES} bytes`)
    chunks.push(chunk as Buffer)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  if (!text.trim()) return {}
  try {
    return JSON.parse(text)
  } catch {
    throw new HttpProblem(400, 'bad-json', 'the body must be JSON: {"key": "uploads/a.jpg", "size": 1234}')
  }
}

export async function startSts(options: StsOptions = {}): Promise<RunningSts> {
  const mode = options.mode || 'emulator'
  const host = options.host || '127.0.0.1'
  requireAuthOffLoopback(host, options)
  const real = mode === 'real' ? options.real || realConfigFromEnv(process.env) : undefined
  const stsClient = real ? options.stsClient || loadStsClient() : undefined
  let scope = validateScope(options.scope || DEFAULT_SCOPE)
  const ttlSeconds = options.ttlSeconds ?? 1800
  if (!(ttlSeconds >= 60 && ttlSeconds <= 43200)) throw new Error('ttlSeconds must be between 60 and 43200')
  const rootKey = options.emulator?.rootKey || options.rootKey || DEFAULT_ROOT_KEY
  const region = real ? real.region : options.emulator?.region || DEFAULT_REGION
  const limiter = new RateLimiter(options.rateLimitPerMinute ?? 120)
  const log = options.log || ((line: string) => options.quiet || process.stderr.write(line + '\n'))
  let fetches = 0

  const presets = options.presets || {}
  for (const preset of Object.values(presets)) if (preset.scope) validateScope(preset.scope)
  const issue = async (preset: StsPreset = {}): Promise<TemporaryKey> => {
    const keyScope = preset.scope || scope
    const ttl = preset.ttlSeconds ?? ttlSeconds
    const now = Math.floor((options.emulator ? options.emulator.now() : Date.now()) / 1000) + (preset.startOffsetSeconds || 0)
    const key = real ? await fetchRealTemporaryKey(real, keyScope, ttl, stsClient!) : mintTemporaryKey(rootKey.secretKey, keyScope, now, ttl)
    fetches++
    return key
  }
  const presetFor = (name: unknown): StsPreset => {
    if (name === undefined || name === '') return {}
    if (typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(presets, name)) {
      throw new HttpProblem(400, 'unknown-scope', `unknown scope preset; known: ${Object.keys(presets).join(', ') || 'none'}`)
    }
    return presets[name]
  }
  const credentials = async (presetName: unknown) => {
    const key = await issue(presetFor(presetName))
    return { ...key, expiration: new Date(key.expiredTime * 1000).toISOString() }
  }
  const bucketFor = () => scope.bucket || real?.bucket || options.bucket || 'examplebucket-1250000000'
  const uploadUrlTemplate = options.uploadUrl ||
    (real ? 'https://{bucket}.cos.{region}.myqcloud.com/' : `http://{bucket}.cos.{region}.localhost:${options.emulator?.port ?? 9000}/`)
  const uploadUrlFor = (bucket: string) => uploadUrlTemplate.replace(/\{bucket\}/g, bucket).replace(/\{region\}/g, region)

  const routes: Record<string, (req: IncomingMessage) => Promise<unknown>> = {
    // Where to upload, so that a client learns the bucket and the emulator's address at run time (the demo does).
    'GET /bucket': async () => ({ bucket: bucketFor(), region, endpoint: uploadUrlTemplate.replace(/\/$/, '') }),
    'GET /sts': async (req) => credentials(new URLSearchParams((req.url || '').split('?')[1] || '').get('scope') ?? undefined),
    'POST /sts': async (req) => {
      const body = await readJson(req)
      return credentials((body as { scope?: unknown } | null)?.scope)
    },
    'POST /post-policy': async (req) => {
      let request
      try {
        request = parsePostPolicyRequest(await readJson(req), MAX_UPLOAD_BYTES)
      } catch (error) {
        if (error instanceof HttpProblem) throw error
        throw new HttpProblem(400, 'bad-request', (error as Error).message)
      }
      const bucket = bucketFor()
      if (!scopeAllows(scope, 'PostObject', bucket, request.key)) {
        throw new HttpProblem(403, 'outside-scope', `the key must start with ${scope.allowPrefix.join(' or ')} and PostObject must be allowed`)
      }
      const key = await issue()
      const url = uploadUrlFor(bucket)
      return { url, bucket, region, key: request.key, fields: signedPostFields(key, bucket, request),
        headUrl: signedHeadUrl(key, url, bucket, region, request.key), startTime: key.startTime, expiredTime: key.expiredTime }
    },
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url || '/').split('?')[0]
    try {
      if (!applyCors(req, res, options.corsOrigins || [])) throw new HttpProblem(403, 'origin-not-allowed', 'this Origin is not in the CORS allowlist')
      if (req.method === 'OPTIONS') return void res.writeHead(204).end()
      const wait = limiter.hit(req.socket.remoteAddress || '')
      if (wait) {
        res.setHeader('Retry-After', String(wait))
        throw new HttpProblem(429, 'rate-limited', 'too many requests, try again later')
      }
      if (!(await isAuthenticated(req, options))) {
        if (options.authToken) res.setHeader('WWW-Authenticate', 'Bearer')
        throw new HttpProblem(401, 'unauthorized', 'not authorized')
      }
      const route = routes[`${req.method} ${path}`]
      if (!route) {
        const known = Object.keys(routes).some((name) => name.endsWith(' ' + path))
        throw known ? new HttpProblem(405, 'method-not-allowed', 'wrong method for this path') : new HttpProblem(404, 'not-found', 'use GET /sts, POST /post-policy or GET /bucket')
      }
      sendJson(res, 200, await route(req), { 'Cache-Control': 'no-store' })
    } catch (error) {
      if (error instanceof HttpProblem) return sendJson(res, error.status, { error: { code: error.code, message: error.message } })
      // The operator's log gets the reason; the client a fixed answer, since the reason may name the configuration.
      log(`sts: ${req.method} ${path} failed: ${describeStsFailure(error, real)}`)
      sendJson(res, 502, { error: { code: 'sts-failed', message: 'could not issue temporary keys' } })
    }
  }

  const server = createServer((req, res) => void handle(req, res))
  const listening = await listen(server, options.port ?? 0, host)
  if (!options.authorize && !options.authToken) log('sts: no authentication: anyone on this machine gets keys (loopback only); see the README before serving others')
  return {
    url: listening.url,
    port: listening.port,
    fetchCount: () => fetches,
    setScope: (next) => {
      scope = validateScope(next)
    },
    close: listening.close,
  }
}
