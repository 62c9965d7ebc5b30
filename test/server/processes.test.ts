// The long-running commands as real processes: `cli emulator`, `cli sts` and `npm start` (scripts/start.js)
// print their URL, serve, honour their flags, and stop cleanly on SIGTERM (the emulator on SIGINT too).
import { spawn, type ChildProcess } from 'node:child_process'
import { promises as fs } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_ROOT_KEY, startEmulator } from '../../server/emulator'
import { isLoopbackClient } from '../../server/emulator/admin'
import { BUCKET, send, signedHeaders, xmlField } from './http'

const ROOT = join(__dirname, '..', '..')
const children: ChildProcess[] = []
let dir: string

beforeAll(async () => {
  dir = await fs.mkdtemp(join(tmpdir(), 'cos-processes-'))
})
afterAll(async () => {
  // SIGTERM, not SIGKILL: a command still running after a failed test stops its servers and children itself.
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM')
  await fs.rm(dir, { recursive: true, force: true })
})

interface Started {
  child: ChildProcess
  output: () => string
  exit: Promise<number | null>
}

function run(command: string, args: string[], env: Record<string, string> = {}): Started {
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  let output = ''
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, output: () => output, exit }
}

async function lineMatching(started: Started, pattern: RegExp): Promise<RegExpMatchArray> {
  for (let i = 0; i < 300; i++) {
    const match = started.output().match(pattern)
    if (match) return match
    if (started.child.exitCode !== null) break
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`no line matching ${pattern} in:\n${started.output()}`)
}

// Node with tsx's loader, not the tsx binary: that one relays a SIGTERM to its child and, when the child's answer
// takes over 30 ms (a loaded machine), kills it and exits 143 instead of the command's own exit code.
const cliWith = (env: Record<string, string>, ...args: string[]) => run(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], env)
const cli = (...args: string[]) => cliWith({}, ...args)

const HOST = `${BUCKET}.cos.ap-guangzhou.localhost`
const answerOf = async (url: string, path = '/a.txt', headers: Record<string, string> = { host: HOST }) => {
  const answer = await send(url, { path, headers })
  return { status: answer.status, code: xmlField(answer.text, 'Code') }
}

it('cli emulator prints one listening line, serves COS answers and stops on SIGTERM', async () => {
  const started = cli('emulator', '--port', '0', '--data', join(dir, 'data'), '--bucket', 'onlybucket-1250000000')
  const [, url] = await lineMatching(started, /^COS emulator listening on (http:\/\/127\.0\.0\.1:\d+)\n/)
  expect(await answerOf(url)).toEqual({ status: 404, code: 'NoSuchBucket' })
  started.child.kill('SIGTERM')
  expect(await started.exit).toBe(0)
  expect(await fs.readdir(join(dir, 'data', 'buckets'))).toEqual(['onlybucket-1250000000'])
}, 30000)

it('cli emulator honours the fault flags (--error-rate 1 --error-status 500) and stops on SIGINT', async () => {
  const started = cli('emulator', '--port', '0', '--data', join(dir, 'faulty'), '--error-rate', '1', '--error-status', '500')
  const [, url] = await lineMatching(started, /COS emulator listening on (\S+)\n/)
  expect(await answerOf(url)).toEqual({ status: 500, code: 'InternalError' })
  expect(await answerOf(url, '/b.txt')).toEqual({ status: 500, code: 'InternalError' })
  started.child.kill('SIGINT')
  expect(await started.exit).toBe(0)
  await expect(fetch(url)).rejects.toThrow()
}, 30000)

it('cli emulator --fault-seed draws the same faults as an in-process emulator with that seed', async () => {
  const started = cli('emulator', '--port', '0', '--data', join(dir, 'seeded'), '--error-rate', '0.5', '--fault-seed', '42')
  const [, url] = await lineMatching(started, /COS emulator listening on (\S+)\n/)
  const inProcess = await startEmulator({ quiet: true, faults: { errorRate: 0.5, seed: 42 } })
  const codes = async (origin: string) => {
    const seen: Array<string | undefined> = []
    for (let i = 0; i < 20; i++) seen.push((await answerOf(origin)).code)
    return seen
  }
  try {
    const fromCli = await codes(url)
    expect(new Set(fromCli)).toEqual(new Set(['ServiceUnavailable', 'AccessDenied']))
    expect(fromCli).toEqual(await codes(inProcess.url))
  } finally {
    await inProcess.close()
  }
  started.child.kill('SIGTERM')
  expect(await started.exit).toBe(0)
}, 30000)

it('cli emulator --secret-id/--secret-key replace the documented root key', async () => {
  const override = { secretId: 'AKIDOVERRIDEEXAMPLEKEY0000000000', secretKey: 'OverrideExampleSecretKey00000000' }
  const started = cli('emulator', '--port', '0', '--data', join(dir, 'keyed'), '--secret-id', override.secretId, '--secret-key', override.secretKey)
  const [, url] = await lineMatching(started, /COS emulator listening on (\S+)\n/)
  const now = Math.floor(Date.now() / 1000)
  const signedGet = (credentials: { secretId: string; secretKey: string }) => answerOf(url, '/none', signedHeaders({
    credentials, method: 'GET', pathname: '/none', keyTime: `${now - 60};${now + 600}`, headers: { host: HOST } }))
  expect(await signedGet(override)).toEqual({ status: 404, code: 'NoSuchKey' })
  expect(await signedGet(DEFAULT_ROOT_KEY)).toEqual({ status: 403, code: 'InvalidAccessKeyId' })
  started.child.kill('SIGTERM')
  expect(await started.exit).toBe(0)
}, 30000)

it('cli emulator --idle-timeout: a client that stops sending gets RequestTimeout XML within the bound', async () => {
  const started = cli('emulator', '--port', '0', '--data', join(dir, 'idle'), '--idle-timeout', '300', '--stall-rate', '0')
  const [, url] = await lineMatching(started, /COS emulator listening on (\S+)\n/)
  const { port } = new URL(url)
  const begun = Date.now()
  const reply = await new Promise<string>((resolve, reject) => {
    let text = ''
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(`POST / HTTP/1.1\r\nHost: ${HOST}\r\n` +
      'Content-Type: multipart/form-data; boundary=XX\r\nContent-Length: 100\r\n\r\n--XX\r\n'))
    socket.on('data', (chunk) => (text += chunk)).on('close', () => resolve(text)).on('error', reject)
  })
  expect(reply).toMatch(/^HTTP\/1\.1 400 /)
  expect(xmlField(reply, 'Code')).toBe('RequestTimeout')
  expect(Date.now() - begun).toBeLessThan(300 + 75 + 1500)
  started.child.kill('SIGTERM')
  expect(await started.exit).toBe(0)
}, 30000)

const TOKEN = 'a-long-shared-secret-0123456789'

it('cli sts beyond loopback: refuses to start without authentication; STS_AUTH_TOKEN or --authorize <module> let it serve', async () => {
  const open = cliWith({ STS_AUTH_TOKEN: '' }, 'sts', '--port', '0', '--host', '0.0.0.0')
  expect(await open.exit).toBe(1)
  expect(open.output()).toMatch(/^cos-uploader: sts: the STS service listens beyond loopback only with authentication: .*--auth-token or STS_AUTH_TOKEN.*--authorize <module>.*CORS is not authentication\.\n$/)

  const withToken = cliWith({ STS_AUTH_TOKEN: TOKEN }, 'sts', '--port', '0', '--host', '0.0.0.0', '--quiet')
  const [, tokenPort] = await lineMatching(withToken, /STS service listening on http:\/\/0\.0\.0\.0:(\d+)\n/)
  const stsAt = (port: string, headers: Record<string, string> = {}) => fetch(`http://127.0.0.1:${port}/sts`, { headers }).then((answer) => answer.status)
  expect(await stsAt(tokenPort)).toBe(401)
  expect(await stsAt(tokenPort, { authorization: `Bearer ${TOKEN}` })).toBe(200)

  const esm = join(dir, 'authorize.mjs')
  await fs.writeFile(esm, "export function authorize(req) { return req.headers['x-user'] === 'u-1' }\n")
  const cjs = join(dir, 'authorize.cjs')
  await fs.writeFile(cjs, "module.exports = { authorize: async (req) => req.headers['x-user'] === 'u-2' }\n")
  for (const [module, user] of [[esm, 'u-1'], [cjs, 'u-2']]) {
    const withModule = cli('sts', '--port', '0', '--host', '0.0.0.0', '--authorize', module, '--quiet')
    const [, port] = await lineMatching(withModule, /STS service listening on http:\/\/0\.0\.0\.0:(\d+)\n/)
    expect(await stsAt(port)).toBe(401)
    expect(await stsAt(port, { 'x-user': 'someone-else' })).toBe(401)
    expect(await stsAt(port, { 'x-user': user })).toBe(200)
    withModule.child.kill('SIGTERM')
    expect(await withModule.exit).toBe(0)
  }
  withToken.child.kill('SIGTERM')
  expect(await withToken.exit).toBe(0)

  const missing = cli('sts', '--port', '0', '--authorize', join(dir, 'no-such-module.mjs'))
  expect(await missing.exit).toBe(1)
  expect(missing.output()).toBe('cos-uploader: sts: --authorize: cannot load the module (ERR_MODULE_NOT_FOUND)\n')
  const noFunction = join(dir, 'nothing.mjs')
  await fs.writeFile(noFunction, 'export const answer = 42\n')
  const empty = cli('sts', '--port', '0', '--authorize', noFunction)
  expect(await empty.exit).toBe(1)
  expect(empty.output()).toBe('cos-uploader: sts: --authorize: the module exports no authorize(req) function\n')
  const short = cliWith({ STS_AUTH_TOKEN: 'short' }, 'sts', '--port', '0')
  expect(await short.exit).toBe(1)
  expect(short.output()).toMatch(/at least 16 characters/)
}, 60000)

// A non-loopback client can't be made here without traffic off loopback, so the address rule is checked as a rule.
it('the fault admin endpoint answers loopback clients only', () => {
  for (const address of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) expect(isLoopbackClient(address)).toBe(true)
  for (const address of ['192.0.2.2', '10.0.0.1', '::ffff:10.0.0.1', 'fe80::1', '::2', '1127.0.0.1', '', undefined]) {
    expect(isLoopbackClient(address)).toBe(false)
  }
})

it('cli sts mints keys that a separate cli emulator process honours (same documented root key)', async () => {
  const emulator = cli('emulator', '--port', '0', '--data', join(dir, 'data2'), '--error-status', '500')
  const sts = cli('sts', '--port', '0', '--allow-prefix', 'docs/', '--action', 'name/cos:PutObject', '--quiet')
  const [, emulatorUrl] = await lineMatching(emulator, /COS emulator listening on (\S+)\n/)
  const [, stsUrl] = await lineMatching(sts, /STS service listening on (\S+)\n/)
  const answer = (await (await fetch(stsUrl + '/sts')).json()) as { credentials: Record<string, string>; startTime: number; expiredTime: number }
  const host = `${BUCKET}.cos.ap-guangzhou.localhost`
  const put = (key: string) => send(emulatorUrl, { method: 'PUT', path: '/' + key, body: 'hi', headers: signedHeaders({
    credentials: { secretId: answer.credentials.tmpSecretId, secretKey: answer.credentials.tmpSecretKey, sessionToken: answer.credentials.sessionToken },
    method: 'PUT', pathname: '/' + key, keyTime: `${answer.startTime};${answer.expiredTime}`, headers: { host, 'content-length': '2' } }) })
  expect((await put('docs/a.txt')).status).toBe(200)
  expect(xmlField((await put('uploads/a.txt')).text, 'Code')).toBe('AccessDenied')
  sts.child.kill('SIGTERM')
  emulator.child.kill('SIGTERM')
  expect(await Promise.all([sts.exit, emulator.exit])).toEqual([0, 0])
}, 30000)

it('the commands refuse bad flags with one clear line and exit 1', async () => {
  const badFault = cli('emulator', '--port', '0', '--error-rate', '2')
  expect(await badFault.exit).toBe(1)
  expect(badFault.output()).toMatch(/fault "errorRate" is out of range \(0 to 1\)/)
  const realWithKey = cli('sts', '--mode', 'real', '--secret-id', 'x', '--secret-key', 'y')
  expect(await realWithKey.exit).toBe(1)
  expect(realWithKey.output()).toMatch(/never from flags/)
  const realWithoutEnv = cliWith({ COS_SECRET_ID: '', COS_SECRET_KEY: '', COS_BUCKET: '', COS_REGION: '' }, 'sts', '--mode', 'real', '--port', '0')
  expect(await realWithoutEnv.exit).toBe(1)
  expect(realWithoutEnv.output()).toMatch(/COS_SECRET_ID, COS_SECRET_KEY, COS_BUCKET, COS_REGION/)
}, 30000)

it('npm start serves the demo, the uni-app demo, the STS service and the emulator, and stops everything on SIGTERM', async () => {
  const site = join(dir, 'site')
  const uniSite = join(dir, 'uni-site')
  await fs.mkdir(site)
  await fs.mkdir(uniSite)
  await fs.writeFile(join(site, 'index.html'), '<!doctype html><title>demo</title>')
  await fs.writeFile(join(uniSite, 'index.html'), '<!doctype html><title>uni-app demo</title>')
  const started = run(process.execPath, ['scripts/start.js'], {
    EMULATOR_PORT: '0', STS_PORT: '0', DEMO_PORT: '0', DEMO_DIR: site, UNI_DEMO_PORT: '0', UNI_DEMO_DIR: uniSite, COS_DATA_DIR: join(dir, 'start-data'),
  })
  const [, demoUrl] = await lineMatching(started, /Demo: (\S+)/)
  const [, uniDemoUrl] = await lineMatching(started, /uni-app demo: (\S+)/)
  const [, stsUrl] = await lineMatching(started, /STS service listening on (\S+)/)
  const [, emulatorUrl] = await lineMatching(started, /COS emulator listening on (\S+)/)
  expect(demoUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/)
  expect(await (await fetch(demoUrl + 'pages/basic/index')).text()).toContain('<title>demo</title>')
  // The addresses the demo reads at run time: the STS service's from the demo server, the emulator's from the STS.
  expect(await (await fetch(demoUrl + 'demo-config.json')).json()).toEqual({ stsUrl })
  const { endpoint } = await (await fetch(stsUrl + '/bucket')).json()
  expect(endpoint).toBe(`http://{bucket}.cos.{region}.localhost:${new URL(emulatorUrl).port}`)
  const demoOrigin = demoUrl.replace(/\/$/, '')
  const sts = await fetch(stsUrl + '/sts', { method: 'POST', headers: { origin: demoOrigin }, body: JSON.stringify({ scope: 'read-only' }) })
  expect(sts.status).toBe(200)
  expect(sts.headers.get('access-control-allow-origin')).toBe(demoOrigin)
  // The uni-app demo beside it, on its own port, reading the same STS service, which lets its origin call.
  expect(uniDemoUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/)
  expect(uniDemoUrl).not.toBe(demoUrl)
  expect(await (await fetch(uniDemoUrl)).text()).toContain('<title>uni-app demo</title>')
  expect(await (await fetch(uniDemoUrl + 'demo-config.json')).json()).toEqual({ stsUrl })
  const uniOrigin = uniDemoUrl.replace(/\/$/, '')
  const uniSts = await fetch(stsUrl + '/sts', { method: 'POST', headers: { origin: uniOrigin }, body: '{}' })
  expect(uniSts.headers.get('access-control-allow-origin')).toBe(uniOrigin)
  const root = signedHeaders({ credentials: { secretId: 'AKIDEMULATOREXAMPLEKEY0000000000', secretKey: 'EmulatorExampleSecretKey00000000' },
    method: 'HEAD', pathname: '/none', keyTime: `${Math.floor(Date.now() / 1000) - 60};${Math.floor(Date.now() / 1000) + 600}`,
    headers: { host: `${BUCKET}.cos.ap-guangzhou.localhost` } })
  expect((await send(emulatorUrl, { method: 'HEAD', path: '/none', headers: root })).status).toBe(404)
  started.child.kill('SIGTERM')
  expect(await started.exit).toBe(0)
  expect(started.output()).toContain('Stopped.')
  await expect(fetch(demoUrl)).rejects.toThrow()
  await expect(fetch(uniDemoUrl)).rejects.toThrow()
}, 30000)
