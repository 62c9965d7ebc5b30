// What a consumer installs: `npm pack` of the real build — ESM + .d.ts for every entry, crypto-js only per
// algorithm, no official SDK, Node built-ins only in the Node entry, react/@tarojs as peers only, a core entry that
// plain node loads, and a `cos-uploader` bin that runs under plain node. Signatures are checked against the cos-nodejs-sdk-v5 vectors.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import * as https from 'node:https'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import vectors from '../support/cos-sdk-vectors.json'

const { packOnce } = require('../../scripts/fixture-app')

const ROOT = join(__dirname, '..', '..')
// Node's ESM resolver needs the file name: crypto-js has no exports map.
const CRYPTO_PARTS = ['crypto-js/enc-base64.js', 'crypto-js/enc-utf8.js', 'crypto-js/hmac-sha1.js', 'crypto-js/sha1.js']
// The SDK vectors signRequest takes as they are: an explicit KeyTime, no Bucket/Region to derive a Host from.
const SDK_VECTORS = vectors.vectors.filter((vector) => vector.input.KeyTime && !('Bucket' in vector.input))

function signInputOf(vector: (typeof SDK_VECTORS)[number]) {
  const input = vector.input as typeof vector.input & { Pathname?: string; Query?: unknown; Headers?: unknown }
  return {
    secretId: input.SecretId, secretKey: input.SecretKey, method: input.Method, pathname: input.Pathname ?? input.Key,
    query: input.Query, headers: input.Headers, keyTime: input.KeyTime as string,
  }
}

let unpacked: string
let work: string

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'cos-uploader-pack-'))
  // The one `npm pack` of this checkout the consumer tests install too (a concurrent pack would rebuild pkg/ under it).
  execFileSync('tar', ['-xzf', packOnce(), '-C', work])
  unpacked = join(work, 'package')
}, 180000)

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true })
})

describe('npm pack', () => {
  it('ships ESM and .d.ts for every entry point, the core one naming its exports, and nothing from src/ or test/', () => {
    const files = filesUnder(unpacked).map((file) => relative(unpacked, file))
    for (const entry of ['pkg/lib/index', 'pkg/lib/core/index', 'pkg/lib/node/index', 'pkg/lib/locale/en', 'pkg/lib/uni/index']) {
      expect(files).toContain(`${entry}.js`)
      expect(files).toContain(`${entry}.d.ts`)
      expect(readFileSync(join(unpacked, `${entry}.js`), 'utf8')).toMatch(/^export /m)
    }
    expect(readFileSync(join(unpacked, 'pkg/lib/core/index.js'), 'utf8')).not.toMatch(/^export \*/m)
    expect(files.filter((file) => /^(src|test|server)\//.test(file))).toEqual([])
  })

  it('imports crypto-js per algorithm and otherwise only its peers, never an official SDK, and Node built-ins only in the Node entry', () => {
    const importsOf = (files: string[]) => {
      const imported = new Set<string>()
      for (const file of files) {
        for (const match of readFileSync(file, 'utf8').matchAll(/^(?:import|export)[^'"]*from '([^']+)'/gm)) imported.add(match[1])
      }
      return [...imported].filter((name) => !name.startsWith('.')).sort()
    }
    const sources = filesUnder(join(unpacked, 'pkg/lib')).filter((file) => file.endsWith('.js'))
    const device = sources.filter((file) => !relative(unpacked, file).startsWith('pkg/lib/node/'))
    expect(importsOf(device).filter((name) => !name.startsWith('@tarojs/') && !name.startsWith('react') && name !== 'vue')).toEqual(CRYPTO_PARTS)
    const node = sources.filter((file) => relative(unpacked, file).startsWith('pkg/lib/node/'))
    expect(importsOf(node).filter((name) => !name.startsWith('node:'))).toEqual([])
    expect(importsOf(node)).toContain('node:http')
  })

  it("keeps the frameworks apart: the Taro entry's modules never import vue, the uni entry's never React or Taro", () => {
    // Every module an entry loads, following its relative imports.
    const closure = (entry: string, seen = new Set<string>()): Set<string> => {
      if (seen.has(entry)) return seen
      seen.add(entry)
      for (const match of readFileSync(entry, 'utf8').matchAll(/^(?:import|export)[^'"]*from '(\.[^']+)'/gm)) closure(resolve(dirname(entry), match[1]), seen)
      return seen
    }
    const packagesOf = (entry: string) => new Set([...closure(join(unpacked, entry))].flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/^(?:import|export)[^'"]*from '([^.][^']*)'/gm)].map((match) => match[1].split('/')[0])))
    const taro = packagesOf('pkg/lib/index.js')
    expect(taro).toContain('@tarojs')
    expect(taro).toContain('react')
    expect(taro).not.toContain('vue')
    const uni = packagesOf('pkg/lib/uni/index.js')
    expect(uni).toContain('vue')
    expect([...uni].filter((name) => name === 'react' || name.startsWith('@tarojs'))).toEqual([])
  })

  it('ships the uni-app component as its source, at the path its export names, importing its entry by the package name', () => {
    const manifest = JSON.parse(readFileSync(join(unpacked, 'package.json'), 'utf8'))
    expect(manifest.exports['./uni/CosUploader.vue']).toBe('./uni/CosUploader.vue')
    expect(readFileSync(join(unpacked, 'uni/CosUploader.vue'), 'utf8')).toBe(readFileSync(join(ROOT, 'src/lib/uni/CosUploader.vue'), 'utf8'))
    expect(readFileSync(join(unpacked, 'uni/CosUploader.vue'), 'utf8')).toMatch(/^import \{[^}]+\} from 'taro-cos-uploader\/uni'$/m)
  })

  it('declares react, vue, @tarojs/* and qcloud-cos-sts (real-mode STS only) as optional peers, crypto-js as its only dependency', () => {
    const manifest = JSON.parse(readFileSync(join(unpacked, 'package.json'), 'utf8'))
    expect(Object.keys(manifest.dependencies)).toEqual(['crypto-js'])
    expect(Object.keys(manifest.peerDependencies).sort()).toEqual(['@tarojs/components', '@tarojs/taro', 'qcloud-cos-sts', 'react', 'vue'])
    expect(manifest.peerDependenciesMeta.vue).toEqual({ optional: true })
    expect(manifest.peerDependenciesMeta['qcloud-cos-sts']).toEqual({ optional: true })
  })

  it('has a self-contained cos-uploader bin that signs under plain node (SDK vector get-simple)', () => {
    const manifest = JSON.parse(readFileSync(join(unpacked, 'package.json'), 'utf8'))
    const bin = join(unpacked, manifest.bin['cos-uploader'])
    const vector = SDK_VECTORS.find((candidate) => candidate.id === 'get-simple')!
    // Run from the unpacked folder, away from this repo's node_modules: the bin must be self-contained.
    const out = execFileSync(process.execPath, [bin, 'sign'], { input: JSON.stringify(signInputOf(vector)), encoding: 'utf8', cwd: work })
    expect(JSON.parse(out).signature).toBe(vector.expected['q-signature'])
  })

  it('names every relative import of pkg/lib by its file (./x.js, ./dir/index.js), in .js and .d.ts alike', () => {
    const files = filesUnder(join(unpacked, 'pkg/lib')).filter((file) => /\.(js|d\.ts)$/.test(file))
    const unresolved: string[] = []
    for (const file of files) {
      for (const match of readFileSync(file, 'utf8').matchAll(/(?:\bfrom\s*|\bimport\s*|\bimport\(\s*)['"](\.[^'"]*)['"]/g)) {
        const target = resolve(dirname(file), match[1])
        const emitted = file.endsWith('.d.ts') ? target.replace(/\.js$/, '.d.ts') : target
        if (!match[1].endsWith('.js') || !existsSync(emitted)) unresolved.push(`${relative(unpacked, file)}: ${match[1]}`)
      }
    }
    expect(files.length).toBeGreaterThan(20)
    expect(unresolved).toEqual([])
    expect(JSON.parse(readFileSync(join(unpacked, 'pkg/lib/package.json'), 'utf8'))).toEqual({ type: 'module' })
  })
})

describe('installed as node_modules/taro-cos-uploader', () => {
  let project: string

  beforeAll(() => {
    project = join(work, 'project')
    // A copy, not a symlink: Node resolves a symlinked package's imports from its real path, outside this project.
    cpSync(unpacked, join(project, 'node_modules/taro-cos-uploader'), { recursive: true })
    symlinkSync(join(ROOT, 'node_modules/crypto-js'), join(project, 'node_modules/crypto-js'), 'dir')
  })

  it('plain node (a CommonJS script) imports taro-cos-uploader/core and signs as cos-nodejs-sdk-v5 does', () => {
    writeFileSync(join(project, 'sign.cjs'), [
      "let input = ''",
      "process.stdin.on('data', (chunk) => { input += chunk }).on('end', async () => {",
      "  const { signRequest } = await import('taro-cos-uploader/core')",
      '  process.stdout.write(JSON.stringify(JSON.parse(input).map((request) => signRequest(request))))',
      '})',
    ].join('\n'))
    const out = execFileSync(process.execPath, ['sign.cjs'], { cwd: project, input: JSON.stringify(SDK_VECTORS.map(signInputOf)), encoding: 'utf8' })
    expect(SDK_VECTORS.length).toBeGreaterThan(10)
    expect(JSON.parse(out)).toEqual(SDK_VECTORS.map((vector) => vector.expected.authorization))
  })

  it.each([['nodenext', 'nodenext'], ['bundler', 'esnext']])('its core types check under moduleResolution %s', (moduleResolution, module) => {
    const dir = join(project, `types-${moduleResolution}`)
    mkdirSync(dir)
    writeFileSync(join(dir, 'check.mts'), [
      "import { signRequest, diagnoseCosError } from 'taro-cos-uploader/core'",
      "import type { Diagnosis } from 'taro-cos-uploader/core'",
      "const authorization: string = signRequest({ secretId: 'a', secretKey: 'b', method: 'get', pathname: '/k', keyTime: '1;2' })",
      "const diagnosis: Diagnosis = diagnoseCosError(403, { Code: 'AccessDenied', Message: '' })",
      '// Real types, not any: a wrong call must be an error.',
      '// @ts-expect-error',
      'signRequest({ secretId: 1 })',
      'export { authorization, diagnosis }',
    ].join('\n'))
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { module, moduleResolution, target: 'es2020', strict: true, noEmit: true, skipLibCheck: false, types: [] },
      files: ['check.mts'],
    }))
    const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', dir], { cwd: dir, encoding: 'utf8' })
    expect({ status: tsc.status, report: tsc.stdout }).toEqual({ status: 0, report: '' })
  }, 60000)
})

describe('cos-uploader sts --mode real from the installed package', () => {
  const REAL_ENV = { COS_SECRET_ID: 'AKIDpermanentExample', COS_SECRET_KEY: 'permanent-secret-example', COS_BUCKET: 'examplebucket-1250000000', COS_REGION: 'ap-guangzhou' }
  let project: string
  let bin: string
  let tencent: https.Server
  let tencentHost: string
  let certFile: string
  let answer: 'credentials' | 'error' = 'credentials'
  const asked: string[] = []
  const children: ChildProcess[] = []

  // A stand-in for Tencent Cloud STS (no network here): HTTPS on loopback with its own certificate, answering the
  // GetFederationToken action in the documented JSON shape.
  beforeAll(async () => {
    project = join(work, 'real-mode-project')
    cpSync(unpacked, join(project, 'node_modules/taro-cos-uploader'), { recursive: true })
    bin = join(project, 'node_modules/taro-cos-uploader', JSON.parse(readFileSync(join(unpacked, 'package.json'), 'utf8')).bin['cos-uploader'])
    const keyFile = join(work, 'tencent-key.pem')
    certFile = join(work, 'tencent-cert.pem')
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' })
    tencent = https.createServer({ key: readFileSync(keyFile), cert: readFileSync(certFile) }, (req, res) => {
      let body = ''
      req.on('data', (chunk) => (body += chunk)).on('end', () => {
        asked.push(body)
        const now = Math.floor(Date.now() / 1000)
        const response = answer === 'credentials'
          ? { Credentials: { TmpSecretId: 'AKIDtmpFromTencent', TmpSecretKey: 'tmp-secret-from-tencent', Token: 'token-from-tencent' },
            ExpiredTime: now + 1800, Expiration: new Date((now + 1800) * 1000).toISOString(), RequestId: 'req-ok' }
          : { Error: { Code: 'AuthFailure.SignatureFailure', Message: 'The provided credentials could not be validated.' }, RequestId: 'req-failed' }
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ Response: response }))
      })
    })
    await new Promise<void>((resolve) => tencent.listen(0, '127.0.0.1', resolve))
    tencentHost = `127.0.0.1:${(tencent.address() as AddressInfo).port}`
  }, 60000)

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM')
    await new Promise((resolve) => tencent.close(resolve))
  })

  /** The installed bin under plain node, from the user's project, with no proxy and no NODE_PATH in the way. */
  function start(env: Record<string, string>) {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(https?_proxy|all_proxy|node_path)$/i.test(name)))
    const child = spawn(process.execPath, [bin, 'sts', '--mode', 'real', '--port', '0'], { cwd: project, env: { ...clean, ...env } as NodeJS.ProcessEnv })
    children.push(child)
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    const exit = new Promise<number | null>((resolve) => child.on('exit', resolve))
    const line = async (pattern: RegExp) => {
      for (let i = 0; i < 200 && !pattern.test(output) && child.exitCode === null; i++) await new Promise((resolve) => setTimeout(resolve, 50))
      const match = pattern.exec(output)
      if (!match) throw new Error(`no line matching ${pattern} in: ${output}`)
      return match
    }
    return { child, exit, output: () => output, line }
  }

  it('without the optional peer qcloud-cos-sts: exits 1 with one line saying what to install', async () => {
    const started = start(REAL_ENV)
    expect(await started.exit).toBe(1)
    expect(started.output()).toBe("cos-uploader: sts: real mode needs Tencent's STS SDK, an optional peer of this package: npm i qcloud-cos-sts\n")
  })

  it('with qcloud-cos-sts installed: serves keys from Tencent Cloud STS, and logs the reason of a failure', async () => {
    // As `npm i qcloud-cos-sts` would: a package beside this one (its own dependencies resolve from its real path).
    symlinkSync(join(ROOT, 'node_modules/qcloud-cos-sts'), join(project, 'node_modules/qcloud-cos-sts'), 'dir')
    const started = start({ ...REAL_ENV, STS_ENDPOINT: tencentHost, NODE_EXTRA_CA_CERTS: certFile })
    const [, url] = await started.line(/STS service listening on (\S+)\n/)
    const keys = await fetch(url + '/sts')
    expect(keys.status).toBe(200)
    expect(await keys.json()).toMatchObject({ credentials: { tmpSecretId: 'AKIDtmpFromTencent', tmpSecretKey: 'tmp-secret-from-tencent', sessionToken: 'token-from-tencent' } })
    const sent = new URLSearchParams(asked[0])
    expect({ action: sent.get('Action'), secretId: sent.get('SecretId') }).toEqual({ action: 'GetFederationToken', secretId: REAL_ENV.COS_SECRET_ID })
    expect(JSON.parse(decodeURIComponent(sent.get('Policy')!)).statement[0].resource).toEqual(['qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000/uploads/*'])

    answer = 'error'
    const failed = await fetch(url + '/sts')
    expect(failed.status).toBe(502)
    await started.line(/failed: Tencent Cloud STS answered AuthFailure\.SignatureFailure: The provided credentials could not be validated\. \(RequestId req-failed\)\n/)
    expect(started.output()).not.toContain(REAL_ENV.COS_SECRET_KEY)
    started.child.kill('SIGTERM')
    expect(await started.exit).toBe(0)
  }, 30000)
})
