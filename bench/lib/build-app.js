// Builds the one-page bench app (bench/app) for a Taro host, with or without the library, into bench/tmp.
const path = require('node:path')
const { runNode } = require('./run-node')

const APP_DIR = path.join(__dirname, '..', 'app')

const outputDir = (type, withLibrary) => path.join(__dirname, '..', 'tmp', `${type}-${withLibrary ? 'with' : 'without'}`)

async function buildBenchApp(type, withLibrary) {
  await runNode([require.resolve('@tarojs/cli/bin/taro'), 'build', '--type', type], {
    cwd: APP_DIR,
    env: { TARO_ENV: type, NODE_ENV: 'production', BENCH_LIBRARY: withLibrary ? '1' : '0' },
    what: `taro build --type ${type} (${withLibrary ? 'with' : 'without'} the library)`,
  })
  return outputDir(type, withLibrary)
}

module.exports = { buildBenchApp, outputDir }
