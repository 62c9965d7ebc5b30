// The package as the ecosystem's own tools see it: publint and arethetypeswrong on the packed tarball (every entry,
// node10 / node16 from CJS and ESM / bundler resolution), the metadata npm shows, peer ranges no wider than the
// fixture apps prove, and a README whose links and images work on the npm page, where no repository file is served.
import { execFileSync, spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const { packOnce } = require('../../scripts/fixture-app')
const semver = require('semver')

const ROOT = join(__dirname, '..', '..')
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
// A .vue entry is no TypeScript module: its types come from the app's vue-tsc or its `*.vue` shim, not from this
// package's declarations, so arethetypeswrong can't judge it (the consumer and packaging tests check it instead).
const SFC_ENTRIES = Object.keys(manifest.exports).filter((entry) => entry.endsWith('.vue'))
const ENTRIES = Object.keys(manifest.exports).filter((entry) => !SFC_ENTRIES.includes(entry))
let tarball: string

beforeAll(() => {
  tarball = packOnce()
}, 300_000)

it('publint: no error, warning or suggestion', () => {
  // publint is ESM only, which jest's module loader can't require: it runs in its own node.
  const script = `import { publint } from 'publint'
import { formatMessage } from 'publint/utils'
import { readFileSync } from 'node:fs'
const tgz = readFileSync(process.argv[1])
const { messages, pkg } = await publint({ pack: { tarball: tgz.buffer.slice(tgz.byteOffset, tgz.byteOffset + tgz.byteLength) }, strict: true })
console.log(JSON.stringify(messages.map((message) => message.type + ': ' + formatMessage(message, pkg, { color: false }))))`
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script, tarball], { cwd: ROOT, encoding: 'utf8' })
  expect(JSON.parse(out)).toEqual([])
}, 60_000)

describe('arethetypeswrong', () => {
  let report: {
    problems: Record<string, unknown[]>
    analysis: { entrypoints: Record<string, { resolutions: Record<string, { resolution?: { fileName: string } }> }> }
  }

  beforeAll(() => {
    const attw = join(ROOT, 'node_modules/@arethetypeswrong/cli', require('@arethetypeswrong/cli/package.json').bin.attw)
    // Exit code 1 when it finds a problem; the JSON says which.
    const out = spawnSync(process.execPath, [attw, '--format', 'json', '--exclude-entrypoints', ...SFC_ENTRIES, '--', tarball], { encoding: 'utf8' })
    report = JSON.parse(out.stdout)
  }, 120_000)

  it('finds no problem', () => {
    expect(report.problems).toEqual({})
  })

  it.each(ENTRIES)('resolves %s to types under node10, node16 (CJS and ESM) and bundler', (entry) => {
    const resolutions = report.analysis.entrypoints[entry].resolutions
    expect(Object.keys(resolutions).sort()).toEqual(['bundler', 'node10', 'node16-cjs', 'node16-esm'])
    for (const kind of Object.keys(resolutions)) expect(resolutions[kind].resolution?.fileName).toMatch(/\.d\.ts$|\.json$/)
  })
})

describe('metadata', () => {
  const packed = () => execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean)

  it('ships the MIT LICENSE the manifest names, and names its repository, homepage and bug tracker', () => {
    expect(packed()).toContain('package/LICENSE')
    expect(manifest.license).toBe('MIT')
    expect(execFileSync('tar', ['-xzOf', tarball, 'package/LICENSE'], { encoding: 'utf8' })).toMatch(/^MIT License\n/)
    const repo = manifest.repository.url.replace(/^git\+/, '').replace(/\.git$/, '')
    expect(repo).toMatch(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+$/)
    expect(manifest.homepage.startsWith(repo)).toBe(true)
    expect(manifest.bugs.url).toBe(`${repo}/issues`)
  })

  it("peer ranges start exactly at the oldest fixture app's Taro and hold the newest", () => {
    const apps = readdirSync(join(__dirname, 'apps')).map((name) =>
      JSON.parse(readFileSync(join(__dirname, 'apps', name, 'package.json'), 'utf8')).dependencies)
    const taroVersions = apps.map((deps) => deps['@tarojs/taro']).sort(semver.compare)
    for (const peer of ['@tarojs/taro', '@tarojs/components']) {
      expect(semver.minVersion(manifest.peerDependencies[peer]).version).toBe(taroVersions[0])
      for (const version of taroVersions) expect(semver.satisfies(version, manifest.peerDependencies[peer])).toBe(true)
    }
    for (const deps of apps) expect(semver.intersects(deps.react, manifest.peerDependencies.react)).toBe(true)
  })
})

describe('README on the npm page', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const repo = manifest.repository.url.replace(/^git\+/, '').replace(/\.git$/, '')
  const [owner, name] = repo.replace('https://github.com/', '').split('/')
  const repoFile = new RegExp(`^(?:${repo}/(?:blob|raw)/main/|https://raw\\.githubusercontent\\.com/${owner}/${name}/main/)(.+)$`)
  const tracked = new Set(execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n'))
  const links = [...readme.matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)|<img[^>]+src="([^"]+)"|<a[^>]+href="([^"]+)"/g)]
    .map((match) => ({ url: match[1] ?? match[2] ?? match[3], image: /^(!|<img)/.test(match[0]) }))

  it('has an Install section with the npm command and the supported Taro, React and host versions', () => {
    const install = readme.slice(readme.indexOf('\n## Install\n'), readme.indexOf('\n## ', readme.indexOf('\n## Install\n') + 1))
    expect(install).toContain('npm i taro-cos-uploader')
    for (const range of ['3.6.40', '4.x', 'React 18']) expect(install).toContain(range)
    expect(install).toMatch(/WeChat.*base library/)
  })

  it('links and images are absolute, and those into the repository name files it tracks', () => {
    expect(links.filter((link) => link.image).length).toBeGreaterThan(0)
    for (const { url } of links) {
      if (url.startsWith('#')) continue
      expect(url).toMatch(/^https:\/\//)
      const file = repoFile.exec(url)?.[1]
      if (file) expect(tracked.has(decodeURIComponent(file))).toBe(true)
    }
  })
})
