// The uni-app demo (examples/uni-app) is a user's uni-app project: uni-preset-vue's TypeScript template, every
// @dcloudio package at one matched version, the package installed from its tarball with no flags
// (scripts/fixture-app.js). Its pages import the component the documented ways (easycom in pages.json, a path
// import); its builds upload in test/mini/uni-*.test.ts (mp-weixin) and test/e2e/uni-demo.e2e.test.ts (h5). Here:
// the install, and the template's type check (vue-tsc) with the component's own types from node_modules, the README's
// uni-app page included (extracted from README.md when the test runs, so the README can't drift), and the app's own
// build scripts for mp-weixin and h5 with that page added to pages.json.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { readmeSnippet } from './readme-snippet'

const { prepareFixtureApp } = require('../../scripts/fixture-app')

const DEMO = join(__dirname, '..', '..', 'examples', 'uni-app')
const UNI_VERSION = '3.0.0-4080720251210001'
const README_PAGE = 'pages/readme/index'
let app: string

function run(args: string[]) {
  const env: Record<string, string | undefined> = { ...process.env }
  // Set by jest or npm (NODE_ENV=test among them); a user's shell has none of them, and uni reads some itself.
  for (const name of Object.keys(env)) if (/^(TARO_|UNI_|JEST_|VUE_|NODE_ENV$)/.test(name)) delete env[name]
  return spawnSync(args[0], args.slice(1), { cwd: app, env: env as NodeJS.ProcessEnv, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
}

beforeAll(() => {
  const pages = JSON.parse(readFileSync(join(DEMO, 'src/pages.json'), 'utf8'))
  pages.pages.push({ path: README_PAGE, style: { navigationBarTitleText: 'README' } })
  app = prepareFixtureApp(DEMO, {
    files: { [`src/${README_PAGE}.vue`]: readmeSnippet('### Use it in a uni-app page', 'vue'), 'src/pages.json': JSON.stringify(pages, null, 2) },
  })
}, 20 * 60_000)

it(`installed the tarball with no flags, next to uni-app ${UNI_VERSION} and Vue 3.4.21`, () => {
  // npm ls exits non-zero on a missing or invalid (peer) dependency anywhere in the tree.
  const result = run(['npm', 'ls', '--json', 'taro-cos-uploader', 'vue', '@dcloudio/uni-app', '@dcloudio/vite-plugin-uni'])
  expect(result.status).toBe(0)
  const installed = (pkg: string) => JSON.parse(readFileSync(join(app, 'node_modules', pkg, 'package.json'), 'utf8')).version
  for (const pkg of ['uni-app', 'uni-components', 'uni-h5', 'uni-mp-weixin', 'uni-cli-shared', 'uni-stacktracey', 'vite-plugin-uni']) {
    expect(installed(`@dcloudio/${pkg}`)).toBe(UNI_VERSION)
  }
  expect(installed('vue')).toBe('3.4.21')
  expect(installed('vite')).toBe('5.2.8')
})

describe("the template's type check (vue-tsc --noEmit)", () => {
  it("passes: the pages, the README's, and the component compiled from node_modules/taro-cos-uploader/uni/CosUploader.vue", () => {
    expect(readFileSync(join(app, `src/${README_PAGE}.vue`), 'utf8')).toContain('<cos-uploader')
    const result = run([process.execPath, 'node_modules/vue-tsc/bin/vue-tsc.js', '--noEmit'])
    expect(`${result.stdout}${result.stderr}`).toBe('')
    expect(result.status).toBe(0)
  }, 180_000)

  it("types the component's props and events from the package, imported by path or through easycom: a wrong prop or handler is an error", () => {
    const pages = ['src/pages/errors/index.vue', 'src/pages/index/index.vue'].map((name) => join(app, name))
    const originals = pages.map((page) => readFileSync(page, 'utf8'))
    try {
      writeFileSync(pages[0], originals[0]
        .replace(':bucket="target.bucket"', ':bucket="42"')
        .replace('@error="(error) => (failure = error.code)"', '@error="(error) => (failure = error.nonsense)"'))
      // easycom: typed through the app's src/components.d.ts (the README's snippet).
      writeFileSync(pages[1], originals[1].replace(':region="target.region"', ':region="7"'))
      const result = run([process.execPath, 'node_modules/vue-tsc/bin/vue-tsc.js', '--noEmit'])
      const errors = `${result.stdout}${result.stderr}`.split('\n').filter((line) => /error TS\d+/.test(line))
      expect(errors).toEqual([
        expect.stringMatching(/^src\/pages\/errors\/index\.vue\(\d+,\d+\): error TS2322: Type 'number' is not assignable to type 'string'/),
        expect.stringMatching(/^src\/pages\/errors\/index\.vue\(\d+,\d+\): error TS2339: Property 'nonsense' does not exist on type 'CosUploaderError'/),
        expect.stringMatching(/^src\/pages\/index\/index\.vue\(\d+,\d+\): error TS2322: Type 'number' is not assignable to type 'string'/),
      ])
    } finally {
      pages.forEach((page, index) => writeFileSync(page, originals[index]))
    }
  }, 180_000)
})

describe("the app's own build scripts, with the README's page", () => {
  const build = (platform: string) => {
    const result = run(['npm', 'run', '--silent', `build:${platform}`])
    expect({ status: result.status, output: result.status === 0 ? '' : `${result.stdout}${result.stderr}`.slice(-4000) }).toEqual({ status: 0, output: '' })
    return join(app, 'dist', 'build', platform)
  }

  it('mp-weixin: the page names the component compiled from the package in usingComponents (easycom)', () => {
    const out = build('mp-weixin')
    expect(JSON.parse(readFileSync(join(out, `${README_PAGE}.json`), 'utf8')).usingComponents)
      .toEqual({ 'cos-uploader': '../../node-modules/taro-cos-uploader/uni/CosUploader' })
    expect(readFileSync(join(out, `${README_PAGE}.wxml`), 'utf8')).toContain('<cos-uploader')
    expect(readFileSync(join(out, 'node-modules/taro-cos-uploader/uni/CosUploader.wxml'), 'utf8')).toMatch(/^<view class="cos-uploader"/)
  }, 300_000)

  it('h5: the page and the component are in the bundle', () => {
    const out = build('h5')
    expect(existsSync(join(out, 'index.html'))).toBe(true)
    const scripts = readdirSync(join(out, 'assets')).filter((name) => name.endsWith('.js'))
      .map((name) => readFileSync(join(out, 'assets', name), 'utf8')).join('\n')
    expect(scripts).toContain('cos-uploader__add')
    expect(scripts).toContain('your.server/sts')
  }, 300_000)
})
