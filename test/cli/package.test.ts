// What a consumer installs: `npm pack` of the real build — ESM + .d.ts for both entries, crypto-js only per
// algorithm, no official SDK, react/@tarojs as peers only, and a `cos-uploader` bin that runs under plain node.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'

const ROOT = join(__dirname, '..', '..')
const CRYPTO_PARTS = ['crypto-js/hmac-sha1', 'crypto-js/sha1', 'crypto-js/enc-base64', 'crypto-js/enc-utf8']

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
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
  const [{ filename }] = JSON.parse(out.slice(out.indexOf('[')))
  execFileSync('tar', ['-xzf', join(work, filename), '-C', work])
  unpacked = join(work, 'package')
}, 180000)

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true })
})

describe('npm pack', () => {
  it('ships ESM and .d.ts for both entry points, and nothing from src/ or test/', () => {
    const files = filesUnder(unpacked).map((file) => relative(unpacked, file))
    for (const entry of ['pkg/lib/index', 'pkg/lib/core/index']) {
      expect(files).toContain(`${entry}.js`)
      expect(files).toContain(`${entry}.d.ts`)
      expect(readFileSync(join(unpacked, `${entry}.js`), 'utf8')).toMatch(/^export \* from '/m)
    }
    expect(files.filter((file) => /^(src|test|server)\//.test(file))).toEqual([])
  })

  it('imports crypto-js per algorithm only, never an official SDK, and no Node built-ins in the library', () => {
    const sources = filesUnder(join(unpacked, 'pkg/lib')).filter((file) => file.endsWith('.js'))
    const imported = new Set<string>()
    for (const file of sources) {
      for (const match of readFileSync(file, 'utf8').matchAll(/^(?:import|export)[^'"]*from '([^']+)'/gm)) imported.add(match[1])
    }
    const external = [...imported].filter((name) => !name.startsWith('.')).sort()
    expect(external.filter((name) => name.startsWith('crypto-js'))).toEqual([...CRYPTO_PARTS].sort())
    expect(external.filter((name) => !name.startsWith('crypto-js') && !name.startsWith('@tarojs/') && !name.startsWith('react')))
      .toEqual([])
  })

  it('declares react and @tarojs/* as peers, crypto-js as its only dependency', () => {
    const manifest = JSON.parse(readFileSync(join(unpacked, 'package.json'), 'utf8'))
    expect(Object.keys(manifest.dependencies)).toEqual(['crypto-js'])
    expect(Object.keys(manifest.peerDependencies).sort()).toEqual(['@tarojs/components', '@tarojs/taro', 'react'])
  })

  it('has a self-contained cos-uploader bin that signs under plain node (SDK vector get-simple)', () => {
    const manifest = JSON.parse(readFileSync(join(unpacked, 'package.json'), 'utf8'))
    const bin = join(unpacked, manifest.bin['cos-uploader'])
    const request = { secretId: 'AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q', secretKey: 'BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz',
      method: 'get', pathname: '/exampleobject', keyTime: '1700000000;1700000900' }
    // Run from the unpacked folder, away from this repo's node_modules: the bin must be self-contained.
    const out = execFileSync(process.execPath, [bin, 'sign'], { input: JSON.stringify(request), encoding: 'utf8', cwd: work })
    expect(JSON.parse(out).signature).toBe('5df49dd7f641dd3c5c2d7345fb7ba2a70f881508')
  })
})
