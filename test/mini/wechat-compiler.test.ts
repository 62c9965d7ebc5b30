// The demo's WXML-family builds (weapp, and QQ and JD renamed to WeChat's names; the uni-app demo's mp-weixin)
// through WeChat's own compilers (scripts/wechat-check.js: miniprogram-ci getCompiledResult with minifyWXML, wcc,
// wcsc), and copies of the weapp build broken on purpose, each caught by the check that owns the fault. One process
// runs them all: miniprogram-ci takes seconds to load.
import { spawnSync } from 'node:child_process'
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ensureBuild, ROOT } from './simulate'
import { ensureUniBuild } from './uni-simulate'

interface Report { dir: string; host: string; results: Array<{ name: string; ok: boolean; error?: string }> }

const PAGE = 'pages/basic/index'
const append = (file: string, text: string) => (dir: string) => appendFileSync(join(dir, file), text)
// miniprogram-ci stops at its first error, so its faults get a copy each; wcc's and wcsc's ride along with one.
const BROKEN = {
  'unclosed-tag': [append(`${PAGE}.wxml`, '\n<view class="x"><text>oops</view>\n')],
  'bad-js-expression-wxss': [append(`${PAGE}.js`, '\nfunction (\n'), append(`pages/index/index.wxml`, '\n<view>{{ a + }}</view>\n'),
    append('app.wxss', '\n.x { color: red;\n')],
  'missing-page': [(dir: string) => ['js', 'json', 'wxml'].forEach((ext) => rmSync(join(dir, `${PAGE}.${ext}`)))],
}
type Fault = keyof typeof BROKEN

let scratch: string
let uniBuild: string
let reports: Report[]
const reportOf = (name: string) => reports.find((report) => report.dir.endsWith(`/${name}`))!
const verdicts = (name: string) => Object.fromEntries(reportOf(name).results.map((result) => [result.name.split(' ')[0], result.ok]))
const errorOf = (name: string, check: string) => reportOf(name).results.find((result) => result.name.startsWith(check))!.error

beforeAll(() => {
  const builds = (['weapp', 'qq', 'jd'] as const).map((host) => ({ host, dir: ensureBuild(host, PAGE) }))
  uniBuild = ensureUniBuild()
  scratch = mkdtempSync(join(tmpdir(), 'wechat-broken-'))
  const broken = (Object.keys(BROKEN) as Fault[]).map((fault) => {
    const dir = join(scratch, fault)
    cpSync(builds[0].dir, dir, { recursive: true })
    for (const breakIt of BROKEN[fault]) breakIt(dir)
    return dir
  })
  const targets = [...builds.map(({ host, dir }) => (host === 'weapp' ? dir : `${host}:${dir}`)), uniBuild, ...broken]
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts/wechat-check.js'), '--json', ...targets], { encoding: 'utf8' })
  reports = JSON.parse(result.stdout)
}, 600_000)

afterAll(() => rmSync(scratch, { recursive: true, force: true }))

it.each(['weapp', 'qq', 'jd'])("the demo's %s build passes miniprogram-ci, wcc and wcsc", (host) => {
  const report = reports.find((candidate) => candidate.dir === join(ROOT, 'dist', host))!
  expect(report.host).toBe(host)
  expect(report.results.filter((result) => !result.ok)).toEqual([])
  expect(report.results).toHaveLength(3)
})

it("the uni-app demo's mp-weixin build (the component compiled from the package) passes miniprogram-ci, wcc and wcsc", () => {
  const report = reports.find((candidate) => candidate.dir === uniBuild)!
  expect(report.results.filter((result) => !result.ok)).toEqual([])
  expect(report.results).toHaveLength(3)
})

it('an unclosed tag fails miniprogram-ci (10038, minifyWXML) and wcc', () => {
  expect(verdicts('unclosed-tag')).toEqual({ 'miniprogram-ci': false, wcc: false, wcsc: true })
  expect(errorOf('unclosed-tag', 'miniprogram-ci')).toMatch(/^\[10038\]/)
  expect(errorOf('unclosed-tag', 'wcc')).toContain(`${PAGE}.wxml`)
})

it('a JS syntax error fails miniprogram-ci (10045), a bad expression wcc (which miniprogram-ci never checks), bad WXSS wcsc', () => {
  expect(verdicts('bad-js-expression-wxss')).toEqual({ 'miniprogram-ci': false, wcc: false, wcsc: false })
  expect(errorOf('bad-js-expression-wxss', 'miniprogram-ci')).toMatch(/^\[10045\] file: pages\/basic\/index\.js/)
  expect(errorOf('bad-js-expression-wxss', 'wcc')).toContain('pages/index/index.wxml')
  expect(errorOf('bad-js-expression-wxss', 'wcsc')).toContain('app.wxss')
})

it('a page listed in app.json but missing fails miniprogram-ci (10005)', () => {
  expect(verdicts('missing-page')).toEqual({ 'miniprogram-ci': false, wcc: true, wcsc: true })
  expect(errorOf('missing-page', 'miniprogram-ci')).toMatch(/^\[10005\].*pages\/basic\/index/)
})
