// A user's Taro app with the package installed from its tarball (scripts/fixture-app.js): the page is the README's
// "Use it in a Taro app" snippet, as it stands in README.md. The app type-checks with Taro's template tsconfig (plus
// --strict), builds for h5 and weapp, passes WeChat's compilers, and its weapp build uploads under
// miniprogram-simulate: tap → wx.chooseMedia → the snippet's getCredentials (Taro.request) → wx.uploadFile → a tile
// that says done, with the bytes in the emulator. The snippet's server and bucket domain are routed to the STS
// service and the emulator started here, the way DNS would point them.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { useCosStack } from '../support/cos-stack'
import { addPhoto, callsTo, createFakeHost } from '../support/fake-hosts'
import { renderPage, until } from '../mini/simulate'
import { readmeSnippet } from './readme-snippet'

const { prepareFixtureApp } = require('../../scripts/fixture-app')

const ROOT = join(__dirname, '..', '..')
const PAGE = 'pages/index/index'
const SNIPPET_STS = 'https://your.server'
const SNIPPET_BUCKET = 'examplebucket-1250000000'

function run(app: string, args: string[], env: Record<string, string> = {}) {
  const cleanEnv: Record<string, string | undefined> = { ...process.env, ...env }
  // Set by jest or other tests; a user's shell has none of them.
  for (const name of ['TARO_ENV', 'TARO_PLATFORM', 'JEST_WORKER_ID']) delete cleanEnv[name]
  return spawnSync(args[0], args.slice(1), { cwd: app, env: cleanEnv as NodeJS.ProcessEnv, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
}

const tail = (result: { stdout: string; stderr: string }) => `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-30).join('\n')

/** Taro's template writes every build to dist/: each one is moved to dist-<type> so that both stay. */
function build(app: string, type: 'weapp' | 'h5'): string {
  const result = run(app, [process.execPath, 'node_modules/@tarojs/cli/bin/taro', 'build', '--type', type], { NODE_ENV: 'production' })
  if (result.status !== 0) throw new Error(`taro build --type ${type} failed:\n${tail(result)}`)
  const out = join(app, `dist-${type}`)
  rmSync(out, { recursive: true, force: true })
  renameSync(join(app, 'dist'), out)
  return out
}

export function describeConsumerApp(name: string, versions: { taro: string; react: RegExp }) {
  let app: string

  beforeAll(() => {
    app = prepareFixtureApp(join(__dirname, 'apps', name), { files: { [`src/${PAGE}.tsx`]: readmeSnippet('## Use it in a Taro app') } })
  }, 20 * 60_000)

  it(`installed the tarball with no flags, next to Taro ${versions.taro} and React ${versions.react.source}`, () => {
    // npm ls exits non-zero on a missing or invalid (peer) dependency anywhere in the tree.
    const result = run(app, ['npm', 'ls', '--json', 'taro-cos-uploader', '@tarojs/taro', '@tarojs/components', 'react'])
    expect(result.status).toBe(0)
    const installed = (pkg: string) => JSON.parse(readFileSync(join(app, 'node_modules', pkg, 'package.json'), 'utf8')).version
    expect(installed('@tarojs/taro')).toBe(versions.taro)
    expect(installed('@tarojs/components')).toBe(versions.taro)
    expect(installed('react')).toMatch(versions.react)
    expect(readFileSync(join(app, `src/${PAGE}.tsx`), 'utf8')).toContain("from 'taro-cos-uploader/core'")
  })

  it('type-checks the README snippet (both entries) with the template tsconfig and --strict: no error in src/ or in the package', () => {
    const result = run(app, [process.execPath, 'node_modules/typescript/bin/tsc', '--noEmit', '-p', 'tsconfig.json', '--strict', '--noImplicitAny'])
    // Taro's own declarations and its template's config/ don't pass the template's tsconfig (no skipLibCheck):
    // only what the user wrote and what this package ships must be clean.
    const errors = `${result.stdout}${result.stderr}`.split('\n').filter((line) => /error TS\d+/.test(line))
    expect(errors.length).toBeGreaterThan(0)
    expect(errors.filter((line) => /^(src|types)\/|node_modules\/taro-cos-uploader\//.test(line))).toEqual([])
  }, 120_000)

  it("builds for h5 with the component in the bundle, and without Taro H5's swiper (the component previews on its own)", () => {
    const dist = build(app, 'h5')
    expect(existsSync(join(dist, 'index.html'))).toBe(true)
    const scripts = readdirSync(join(dist, 'js')).filter((file) => file.endsWith('.js')).map((file) => readFileSync(join(dist, 'js', file), 'utf8'))
    expect(scripts.some((text) => text.includes('cos-uploader__add'))).toBe(true)
    expect(scripts.filter((text) => text.includes('swiper-slide'))).toEqual([])
  }, 300_000)

  describe('weapp', () => {
    let dist: string
    const stack = useCosStack()

    beforeAll(() => {
      dist = build(app, 'weapp')
    }, 300_000)

    it("passes WeChat's compilers (miniprogram-ci, wcc, wcsc)", () => {
      const result = spawnSync(process.execPath, [join(ROOT, 'scripts/wechat-check.js'), dist], { encoding: 'utf8' })
      expect(result.stdout).not.toContain('FAIL')
      expect(result.stdout.match(/^ {2}ok /gm)).toHaveLength(3)
      expect(result.status).toBe(0)
    }, 300_000)

    it('tap → the snippet fetches a key → upload to the emulator → done, and onChange gets the item', async () => {
      const { emulator, sts } = stack
      const { api, device } = createFakeHost('weapp')
      const bucketOrigin = `https://${SNIPPET_BUCKET}.cos.ap-guangzhou.myqcloud.com`
      device.route = (url) => url
        .replace(SNIPPET_STS, sts.url)
        .replace(bucketOrigin, `http://${SNIPPET_BUCKET}.cos.ap-guangzhou.localhost:${emulator.port}`)
      const photo = addPhoto(device, 'photo.jpg', 200 * 1024)
      const logged: unknown[] = []
      const log = jest.spyOn(console, 'log').mockImplementation((...args) => void logged.push(args[0]))
      try {
        const page = renderPage('weapp', api, PAGE, dist)
        await until(() => Boolean(page.root.querySelector('.cos-uploader__add')), () => page.root.dom.innerHTML.slice(0, 1500))
        page.tap('.cos-uploader__add')
        await until(() => Boolean(page.root.querySelector('.cos-uploader__tile--done') || page.root.querySelector('.cos-uploader__tile--error')),
          () => page.root.dom.innerHTML.slice(0, 3000))
        expect(page.root.querySelector('.cos-uploader__tile--error')).toBeUndefined()
      } finally {
        log.mockRestore()
      }
      expect(callsTo(device, 'request')[0]).toMatchObject({ url: `${SNIPPET_STS}/sts` })
      const upload = callsTo(device, 'uploadFile')[0] as { url: string; formData: Record<string, string> }
      expect(upload.url).toBe(`${bucketOrigin}/`)
      expect(upload.formData.key).toMatch(/^uploads\/\d{4}\/\d{2}\/\d{2}\/\w+\.jpg$/)
      expect(await emulator.readObject(SNIPPET_BUCKET, upload.formData.key)).toEqual(photo.bytes)
      const changes = logged.filter(Array.isArray) as Array<Array<{ key: string; size: number }>>
      expect(changes[changes.length - 1]).toEqual([expect.objectContaining({ key: upload.formData.key, size: photo.bytes.length })])
    }, 120_000)
  })
}
