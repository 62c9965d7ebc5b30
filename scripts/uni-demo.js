#!/usr/bin/env node
// The uni-app demo (examples/uni-app) is built the way a user's app is: scripts/fixture-app.js installs it outside
// this repository with its own dependencies and the package's tarball, `uni build` runs there, and the output is
// copied to dist/uni-weapp (mp-weixin: open it in WeChat DevTools) or dist/uni-h5 (served by `npm start`).
//
//   node scripts/uni-demo.js mp-weixin h5   → builds each platform; prints one line per build
const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')
const { prepareFixtureApp } = require('./fixture-app')

const ROOT = path.join(__dirname, '..')
const DEMO = path.join(ROOT, 'examples', 'uni-app')
/** uni's platform name → the folder under dist/ it is copied to. */
const OUTPUT = { 'mp-weixin': 'uni-weapp', h5: 'uni-h5' }

/** Where the demo's build for `platform` is copied to. */
function uniDemoDir(platform) {
  if (!OUTPUT[platform]) throw new Error(`unknown uni-app platform "${platform}" (known: ${Object.keys(OUTPUT).join(', ')})`)
  return path.join(ROOT, 'dist', OUTPUT[platform])
}

/** Installs the demo (cached), builds it for `platform` and copies the output into dist/. Returns that folder. */
function buildUniDemo(platform) {
  const out = uniDemoDir(platform)
  const app = prepareFixtureApp(DEMO)
  const env = { ...process.env, NODE_ENV: 'production' }
  // Set by Taro builds, jest or npm; a user's shell has none of them, and uni reads some (UNI_*) itself.
  for (const name of Object.keys(env)) if (/^(TARO_|UNI_|JEST_|VUE_)/.test(name)) delete env[name]
  const result = spawnSync(process.execPath, [path.join(app, 'node_modules/@dcloudio/vite-plugin-uni/bin/uni.js'), 'build', '-p', platform],
    { cwd: app, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  const built = path.join(app, 'dist', 'build', platform)
  if (result.status !== 0 || !fs.existsSync(built)) {
    throw new Error(`uni build -p ${platform} failed (exit ${result.status}) in ${app}:\n${`${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-40).join('\n')}`)
  }
  fs.rmSync(out, { recursive: true, force: true })
  fs.cpSync(built, out, { recursive: true })
  return out
}

function main(platforms) {
  let failed = 0
  for (const platform of platforms) {
    const started = Date.now()
    try {
      const out = buildUniDemo(platform)
      console.log(`build uni ${platform} ok in ${((Date.now() - started) / 1000).toFixed(1)}s -> ${path.relative(ROOT, out)}`)
    } catch (error) {
      failed++
      console.log(`build uni ${platform} FAILED\n${error.message}`)
    }
  }
  return failed
}

if (require.main === module) {
  const wanted = process.argv.slice(2)
  process.exitCode = main(wanted.length ? wanted : Object.keys(OUTPUT)) ? 1 : 0
}

module.exports = { buildUniDemo, uniDemoDir, main, UNI_PLATFORMS: Object.keys(OUTPUT) }
