#!/usr/bin/env node
// Fixture apps: the package as a user gets it. `packOnce()` runs `npm pack` at most once per content of the
// package's inputs; `prepareFixtureApp(dir)` copies an app kept in the repository (e.g. test/consumer/apps/taro-4.2.1)
// to a cache folder outside the repository — so nothing resolves from this repository's node_modules — installs its
// own dependencies once per content of its package.json, then `npm install <tarball>` only when the tarball changed.
// Both are synchronous and locked, so jest workers, scripts and two npm tests at once can share them.
//
//   node scripts/fixture-app.js pack              → prints the tarball path
//   node scripts/fixture-app.js <fixture dir>...  → prints each installed app's path
//
// The cache is $FIXTURE_CACHE_DIR, default ~/.cache/taro-cos-uploader-fixtures/<checkout>-<hash of its path>.
const { spawnSync } = require('node:child_process')
const crypto = require('node:crypto')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const ROOT = path.join(__dirname, '..')
// What `npm pack` builds from and ships; a change to any of them means a new tarball.
const PACK_INPUTS = ['package.json', 'README.md', 'LICENSE', 'tsconfig.json', 'tsconfig.lib.json', 'scripts/build-lib.js',
  'src/lib', 'server', 'types', 'core', 'node', 'locale', 'uni/package.json']
const NEVER_COPIED = new Set(['node_modules', 'dist', 'package-lock.json'])
const LOCK_STALE_MS = 20 * 60 * 1000

const sha256 = (data) => crypto.createHash('sha256').update(data).digest('hex')

function cacheRoot() {
  if (process.env.FIXTURE_CACHE_DIR) return path.resolve(process.env.FIXTURE_CACHE_DIR)
  const checkout = `${path.basename(ROOT)}-${sha256(ROOT).slice(0, 8)}`
  return path.join(os.homedir(), '.cache', 'taro-cos-uploader-fixtures', checkout)
}

function filesUnder(file) {
  if (!fs.existsSync(file)) return []
  if (!fs.statSync(file).isDirectory()) return [file]
  return fs.readdirSync(file).sort().flatMap((name) => filesUnder(path.join(file, name)))
}

function hashOfFiles(files, relativeTo) {
  const hash = crypto.createHash('sha256')
  for (const file of files) hash.update(path.relative(relativeTo, file)).update('\0').update(fs.readFileSync(file)).update('\0')
  return hash.digest('hex')
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

/** Runs `fn` holding a lock folder; waits for another holder, takes over a lock whose holder died or went stale. */
function withLock(lockDir, fn) {
  fs.mkdirSync(path.dirname(lockDir), { recursive: true })
  for (;;) {
    try {
      fs.mkdirSync(lockDir)
      break
    } catch (error) {
      if (error.code !== 'EEXIST') throw error
      if (lockIsAbandoned(lockDir)) fs.rmSync(lockDir, { recursive: true, force: true })
      else sleep(500)
    }
  }
  try {
    fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid))
    return fn()
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true })
  }
}

function lockIsAbandoned(lockDir) {
  try {
    const stat = fs.statSync(lockDir)
    if (Date.now() - stat.mtimeMs > LOCK_STALE_MS) return true
    const pid = Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8'))
    process.kill(pid, 0)
    return false
  } catch (error) {
    // No pid file yet: the holder is between mkdir and writing it.
    if (error.code === 'ENOENT') return !fs.existsSync(lockDir)
    return error.code === 'ESRCH'
  }
}

function run(command, args, cwd, what) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, npm_config_update_notifier: 'false' } })
  if (result.status !== 0) {
    const output = `${result.stdout || ''}\n${result.stderr || ''}${result.error ? `\n${result.error.message}` : ''}`
    throw new Error(`${what} failed (exit ${result.status}) in ${cwd}:\n${output.trim().split('\n').slice(-40).join('\n')}`)
  }
  return result.stdout
}

/** The tarball `npm pack` makes of this checkout; packed again only when one of PACK_INPUTS changed. */
function packOnce() {
  const dir = path.join(cacheRoot(), 'pack')
  return withLock(path.join(cacheRoot(), 'pack.lock'), () => {
    const inputs = PACK_INPUTS.flatMap((name) => filesUnder(path.join(ROOT, name)))
    const tarball = path.join(dir, `taro-cos-uploader-${hashOfFiles(inputs, ROOT).slice(0, 16)}.tgz`)
    if (fs.existsSync(tarball)) return tarball
    fs.rmSync(dir, { recursive: true, force: true })
    const scratch = path.join(cacheRoot(), 'pack-scratch')
    fs.rmSync(scratch, { recursive: true, force: true })
    fs.mkdirSync(scratch, { recursive: true })
    const out = run('npm', ['pack', '--json', '--pack-destination', scratch], ROOT, 'npm pack')
    const [{ filename }] = JSON.parse(out.slice(out.indexOf('[')))
    fs.mkdirSync(dir, { recursive: true })
    fs.renameSync(path.join(scratch, filename), tarball)
    fs.rmSync(scratch, { recursive: true, force: true })
    return tarball
  })
}

/** Copies the fixture's files (not its package.json: the installed app's one also names the tarball). */
function syncSources(fixtureDir, appDir) {
  for (const name of fs.readdirSync(appDir)) {
    if (!NEVER_COPIED.has(name) && name !== 'package.json' && !name.startsWith('.fixture') && !name.endsWith('.tgz')) {
      fs.rmSync(path.join(appDir, name), { recursive: true, force: true })
    }
  }
  for (const name of fs.readdirSync(fixtureDir)) {
    if (NEVER_COPIED.has(name) || name === 'package.json') continue
    fs.cpSync(path.join(fixtureDir, name), path.join(appDir, name), { recursive: true })
  }
}

function readStamp(appDir) {
  try {
    return JSON.parse(fs.readFileSync(path.join(appDir, '.fixture-stamp.json'), 'utf8'))
  } catch {
    return {}
  }
}

/**
 * The fixture app at `fixtureDir`, installed in the cache with the package's tarball, its sources fresh from the
 * repository plus `files` ({ relative path: text }). Returns the installed app's folder.
 */
function prepareFixtureApp(fixtureDir, { tarball = packOnce(), files = {} } = {}) {
  const source = path.resolve(fixtureDir)
  // Named by its place in the repository, so that two fixtures called alike (say, for two frameworks) never share one.
  const appDir = path.join(cacheRoot(), 'apps', path.relative(ROOT, source).split(path.sep).join('__'))
  return withLock(`${appDir}.lock`, () => {
    const manifest = fs.readFileSync(path.join(source, 'package.json'))
    const stamp = readStamp(appDir)
    const depsHash = sha256(manifest)
    if (stamp.depsHash !== depsHash || !fs.existsSync(path.join(appDir, 'node_modules'))) {
      fs.rmSync(appDir, { recursive: true, force: true })
      fs.mkdirSync(appDir, { recursive: true })
      fs.writeFileSync(path.join(appDir, 'package.json'), manifest)
      run('npm', ['install', '--no-audit', '--no-fund'], appDir, `npm install (${path.basename(source)}'s own dependencies)`)
      fs.writeFileSync(path.join(appDir, '.fixture-stamp.json'), JSON.stringify({ depsHash }))
    }
    syncSources(source, appDir)
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(appDir, name)), { recursive: true })
      fs.writeFileSync(path.join(appDir, name), text)
    }
    const tarballHash = sha256(fs.readFileSync(tarball))
    if (readStamp(appDir).tarballHash !== tarballHash) {
      // A name per content, so npm never mistakes a new tarball for the one it installed.
      for (const name of fs.readdirSync(appDir)) if (name.endsWith('.tgz')) fs.rmSync(path.join(appDir, name))
      const local = `taro-cos-uploader-${tarballHash.slice(0, 16)}.tgz`
      fs.copyFileSync(tarball, path.join(appDir, local))
      // What a user runs: `npm i taro-cos-uploader`, no flags.
      run('npm', ['install', '--no-audit', '--no-fund', `./${local}`], appDir, `npm install ${local}`)
      fs.writeFileSync(path.join(appDir, '.fixture-stamp.json'), JSON.stringify({ depsHash, tarballHash }))
    }
    return appDir
  })
}

if (require.main === module) {
  try {
    const args = process.argv.slice(2)
    if (!args.length) throw new Error('usage: node scripts/fixture-app.js pack | <fixture dir>...')
    const tarball = packOnce()
    if (args[0] === 'pack') console.log(tarball)
    else for (const dir of args) console.log(prepareFixtureApp(dir, { tarball }))
  } catch (error) {
    console.error(error.message)
    process.exitCode = 1
  }
}

module.exports = { packOnce, prepareFixtureApp, cacheRoot }
