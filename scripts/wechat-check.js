#!/usr/bin/env node
// A mini-program build checked by WeChat's own compilers, offline:
// - miniprogram-ci getCompiledResult (the CI module taken from WeChat DevTools) with minifyWXML: missing pages and
//   components, JSON and JS syntax, unclosed or mismatched WXML tags. `attr: async () => ci.DefaultProjectAttr`
//   skips its lookup on WeChat's servers, so no appid, key or network is needed.
// - wcc and wcsc (miniprogram-compiler, the DevTools binaries): WXML expressions and WXSS.
// QQ and JD builds are WXML with their own prefixes and file names; they are checked as a copy renamed to WeChat's.
//
//   node scripts/wechat-check.js [--json] dist/weapp qq:dist/qq jd:dist/jd   → one line per check; exit 1 if any fails
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

/** WeChat's names for each WXML-family host: file extensions and the directive prefix. */
const DIALECTS = {
  weapp: { prefix: 'wx', ext: {} },
  qq: { prefix: 'qq', ext: { '.qml': '.wxml', '.qss': '.wxss' } },
  jd: { prefix: 'jd', ext: { '.jxml': '.wxml', '.jxss': '.wxss', '.jds': '.wxs' } },
}
const TEMPLATE_EXTS = new Set(['.wxml', '.qml', '.jxml'])

function filesUnder(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name)
    return entry.isDirectory() ? filesUnder(file) : [file]
  })
}

/** `dir` itself for weapp; for QQ and JD a temporary copy with WeChat's file names, tags and `wx:` directives. */
function asWechat(dir, host = 'weapp') {
  const dialect = DIALECTS[host]
  if (!dialect) throw new Error(`no WeChat-compatible dialect for host "${host}" (known: ${Object.keys(DIALECTS).join(', ')})`)
  if (host === 'weapp') return dir
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), `${host}-as-wechat-`))
  fs.cpSync(dir, copy, { recursive: true })
  const renames = Object.entries(dialect.ext)
  const renamed = (text) => renames.reduce((out, [from, to]) => out.split(`${from}"`).join(`${to}"`), text)
  for (const file of filesUnder(copy)) {
    const ext = path.extname(file)
    let text = fs.readFileSync(file, 'utf8')
    if (TEMPLATE_EXTS.has(ext)) {
      text = renamed(text.replace(new RegExp(`\\b${dialect.prefix}:`, 'g'), 'wx:'))
      if (host === 'jd') text = text.replace(/<(\/?)jds\b/g, '<$1wxs')
    }
    if (ext === '.json') text = renamed(text)
    fs.writeFileSync(file, text)
    if (dialect.ext[ext]) fs.renameSync(file, file.slice(0, -ext.length) + dialect.ext[ext])
  }
  return copy
}

async function miniprogramCi(dir) {
  const ci = require('miniprogram-ci')
  const project = new ci.Project({
    appid: 'touristappid', type: 'miniProgram', projectPath: dir,
    // Any existing file: nothing is signed or uploaded.
    privateKeyPath: __filename,
    ignores: ['node_modules/**/*'],
    attr: async () => ci.DefaultProjectAttr,
  })
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'wechat-ci-'))
  // miniprogram-ci leaves an empty folder named by a hash in the working directory: let it be the scratch folder.
  const cwd = process.cwd()
  process.chdir(scratch)
  try {
    await ci.getCompiledResult({ project, setting: { es6: true, minifyWXML: true }, onProgressUpdate: () => {} }, path.join(scratch, 'compiled.zip'))
  } finally {
    process.chdir(cwd)
    fs.rmSync(scratch, { recursive: true, force: true })
  }
}

function wcc(dir) {
  require('miniprogram-compiler').wxmlToJs(dir)
}

function wcsc(dir) {
  const styles = filesUnder(dir).filter((file) => file.endsWith('.wxss')).map((file) => path.relative(dir, file).slice(0, -'.wxss'.length))
  // The package's wxssToJs hides wcsc's message (it returns the Error instead of throwing it); its wcsc step doesn't.
  const result = require('miniprogram-compiler/src/wcsc')(dir, styles)
  if (result instanceof Error) throw result
}

const CHECKS = [['miniprogram-ci getCompiledResult (minifyWXML)', miniprogramCi], ['wcc (WXML)', wcc], ['wcsc (WXSS)', wcsc]]

/** Runs every check on the build; answers one entry per check, `error` set where it failed. */
async function checkBuild(dir, host = 'weapp') {
  const wechatDir = asWechat(path.resolve(dir), host)
  const results = []
  for (const [name, check] of CHECKS) {
    try {
      await check(wechatDir)
      results.push({ name, ok: true })
    } catch (error) {
      const code = error && error.code !== undefined ? `[${error.code}] ` : ''
      results.push({ name, ok: false, error: `${code}${error && error.message ? error.message : String(error)}`.trim() })
    }
  }
  if (wechatDir !== path.resolve(dir)) fs.rmSync(wechatDir, { recursive: true, force: true })
  return results
}

/** `dir` (a weapp build) or `qq:dir` / `jd:dir`. */
function parseTarget(arg) {
  const match = /^(\w+):(.+)$/.exec(arg)
  return match && DIALECTS[match[1]] ? { host: match[1], dir: match[2] } : { host: 'weapp', dir: arg }
}

async function main(argv) {
  const json = argv.includes('--json')
  const targets = argv.filter((arg) => arg !== '--json').map(parseTarget)
  if (!targets.length) throw new Error('usage: node scripts/wechat-check.js [--json] <weapp build dir | qq:dir | jd:dir>...')
  // miniprogram-ci logs its progress (and a harmless failed lookup of an extension allowlist) on stdout/stderr.
  const log = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) }
  process.stdout.write = process.stderr.write = () => true
  const reports = []
  try {
    for (const target of targets) reports.push({ ...target, results: await checkBuild(target.dir, target.host) })
  } finally {
    process.stdout.write = log.out
    process.stderr.write = log.err
  }
  if (json) console.log(JSON.stringify(reports, null, 2))
  else {
    for (const report of reports) {
      console.log(`${report.dir} (${report.host})`)
      for (const result of report.results) console.log(`  ${result.ok ? 'ok  ' : 'FAIL'} ${result.name}${result.ok ? '' : `: ${result.error}`}`)
    }
  }
  return reports.every((report) => report.results.every((result) => result.ok))
}

if (require.main === module) {
  // Exits explicitly: miniprogram-ci keeps its compiler worker processes alive after the result.
  main(process.argv.slice(2)).then((ok) => process.exit(ok ? 0 : 1), (error) => {
    console.error(error.message)
    process.exit(1)
  })
}

module.exports = { asWechat, checkBuild, DIALECTS }
