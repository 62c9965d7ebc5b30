// Builds the one-page bench app (bench/app) for a Taro host, with or without the library, into bench/tmp.
const { spawn } = require('node:child_process')
const path = require('node:path')

const APP_DIR = path.join(__dirname, '..', 'app')
const TARO = require.resolve('@tarojs/cli/bin/taro')
const BUILD_TIMEOUT_MS = 10 * 60 * 1000

const outputDir = (type, withLibrary) => path.join(__dirname, '..', 'tmp', `${type}-${withLibrary ? 'with' : 'without'}`)

function buildBenchApp(type, withLibrary) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TARO, 'build', '--type', type], {
      cwd: APP_DIR,
      env: { ...process.env, TARO_ENV: type, NODE_ENV: 'production', BENCH_LIBRARY: withLibrary ? '1' : '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let log = ''
    const keep = (chunk) => { log = (log + chunk).slice(-4000) }
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    const timer = setTimeout(() => child.kill('SIGTERM'), BUILD_TIMEOUT_MS)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      if (code === 0) resolve(outputDir(type, withLibrary))
      else reject(new Error(`taro build --type ${type} (${withLibrary ? 'with' : 'without'} the library) failed (${signal || code}):\n${log}`))
    })
  })
}

module.exports = { buildBenchApp, outputDir }
