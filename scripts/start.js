#!/usr/bin/env node
// `npm start`: the demo with nothing external. Builds dist/h5 and the uni-app demo's dist/uni-h5 if they are missing
// (the uni-app one is installed like a user's app first: about a minute, once), then serves on 127.0.0.1 the COS
// emulator (:9000, data in .cos-data), the STS service (:9100), the Taro demo (:10086) and the uni-app demo (:10087),
// prints the demo URLs and stops everything on Ctrl-C / SIGTERM. EMULATOR_PORT, STS_PORT, DEMO_PORT, UNI_DEMO_PORT,
// DEMO_DIR, UNI_DEMO_DIR and COS_DATA_DIR change them,
// with no rebuild: the demo reads the STS address at run time (from the demo server on H5, from its home page in
// WeChat DevTools) and the emulator's from the STS service.
const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')
require('tsx/cjs/api').register()

const ROOT = path.join(__dirname, '..')
const { startEmulator } = require('../server/emulator')
const { startSts } = require('../server/sts')
const { startDemoServer } = require('../server/demo-server')
const { untilStopped } = require('../server/emulator/serve')
const { DEMO_STS_PRESETS } = require('../config/demo-env')
const { BUILD_STS_URL } = require('../src/pages/demo-kit/settings')
const { buildUniDemo, uniDemoDir } = require('./uni-demo')

const port = (name, fallback) => {
  const value = process.env[name]
  if (value === undefined) return fallback
  if (!/^\d+$/.test(value)) throw new Error(`${name} must be a port number, got "${value}"`)
  return Number(value)
}

function buildDemoIfMissing(dir) {
  if (fs.existsSync(path.join(dir, 'index.html'))) return
  // The build writes dist/h5; another DEMO_DIR must hold a build already.
  if (process.env.DEMO_DIR) throw new Error(`DEMO_DIR ${dir} has no index.html`)
  console.log(`No demo build in ${path.relative(ROOT, dir) || dir}: building it once (taro build --type h5)…`)
  const result = spawnSync(process.execPath, [require.resolve('@tarojs/cli/bin/taro'), 'build', '--type', 'h5'], {
    cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' },
  })
  if (result.status !== 0 || !fs.existsSync(path.join(dir, 'index.html'))) throw new Error('the H5 build failed (see above)')
}

function buildUniDemoIfMissing() {
  const dir = process.env.UNI_DEMO_DIR ? path.resolve(ROOT, process.env.UNI_DEMO_DIR) : uniDemoDir('h5')
  if (fs.existsSync(path.join(dir, 'index.html'))) return dir
  // The build writes dist/uni-h5; another UNI_DEMO_DIR must hold a build already.
  if (process.env.UNI_DEMO_DIR) throw new Error(`UNI_DEMO_DIR ${dir} has no index.html`)
  console.log(`No uni-app demo build in ${path.relative(ROOT, dir)}: installing the demo app and building it once (uni build -p h5)…`)
  return buildUniDemo('h5')
}

async function listen(what, portNumber, start) {
  try {
    return await start()
  } catch (error) {
    if (error && error.code === 'EADDRINUSE') throw new Error(`port ${portNumber} (${what}) is in use — is another npm start running?`)
    throw error
  }
}

async function main() {
  const host = '127.0.0.1'
  const ports = {
    emulator: port('EMULATOR_PORT', 9000), sts: port('STS_PORT', 9100), demo: port('DEMO_PORT', 10086), uniDemo: port('UNI_DEMO_PORT', 10087),
  }
  const demoDir = path.resolve(ROOT, process.env.DEMO_DIR || 'dist/h5')
  buildDemoIfMissing(demoDir)
  const uniDemoRoot = buildUniDemoIfMissing()
  const started = []
  const stopAll = () => Promise.all(started.splice(0).reverse().map((service) => service.close()))
  try {
    const emulator = await listen('emulator', ports.emulator, () =>
      startEmulator({ host, port: ports.emulator, dataDir: path.resolve(ROOT, process.env.COS_DATA_DIR || '.cos-data') }))
    started.push(emulator)
    let sts
    const demo = await listen('demo', ports.demo, () => startDemoServer({ root: demoDir, host, port: ports.demo, stsUrl: () => sts?.url }))
    started.push(demo)
    const uniDemo = await listen('uni-app demo', ports.uniDemo, () =>
      startDemoServer({ root: uniDemoRoot, host, port: ports.uniDemo, stsUrl: () => sts?.url }))
    started.push(uniDemo)
    const origins = [demo.port, uniDemo.port].flatMap((demoPort) => [`http://127.0.0.1:${demoPort}`, `http://localhost:${demoPort}`])
    sts = await listen('STS', ports.sts, () =>
      startSts({ host, port: ports.sts, emulator, corsOrigins: origins, presets: DEMO_STS_PRESETS, quiet: true }))
    started.push(sts)
    console.log(`COS emulator listening on ${emulator.url} (documented root key ${emulator.rootKey.secretId}; buckets ` +
      `${emulator.buckets.map((bucket) => bucket.name + (bucket.pathStyle ? ' [path style]' : '')).join(', ')})`)
    console.log(`STS service listening on ${sts.url} (GET /sts, POST /post-policy, GET /bucket; no authorize hook: local use only)`)
    console.log(`Demo: ${demo.url}   (Ctrl-C stops everything)`)
    console.log(`uni-app demo: ${uniDemo.url}`)
    const elsewhere = sts.url !== BUILD_STS_URL ? `: enter ${sts.url} as the STS address on the demo's home page` : ''
    console.log(`WeChat DevTools: \`npm run build:weapp\`, open this folder (README, "WeChat DevTools")${elsewhere}`)
    console.log(`  uni-app: \`npm run build:uni-weapp\`, open dist/uni-weapp${elsewhere}`)
  } catch (error) {
    await stopAll()
    throw error
  }
  await untilStopped(async () => {
    await stopAll()
    console.log('Stopped.')
  })
}

main().catch((error) => {
  console.error(`npm start: ${error && error.message ? error.message : error}`)
  process.exitCode = 1
})
