// Builds the one-page bench app (bench/app) for a Taro host, with or without the library, into bench/tmp; with
// `sourceMaps` (for traces) into its own folder, so the size measurements never count the maps.
const path = require('node:path')
const { runNode } = require('./run-node')

const APP_DIR = path.join(__dirname, '..', 'app')

const outputName = (type, withLibrary, sourceMaps) => `${type}-${withLibrary ? 'with' : 'without'}${sourceMaps ? '-sourcemaps' : ''}`
const outputDir = (type, withLibrary, { sourceMaps = false } = {}) => path.join(__dirname, '..', 'tmp', outputName(type, withLibrary, sourceMaps))

async function buildBenchApp(type, withLibrary, { sourceMaps = false } = {}) {
  await runNode([require.resolve('@tarojs/cli/bin/taro'), 'build', '--type', type], {
    cwd: APP_DIR,
    env: { TARO_ENV: type, NODE_ENV: 'production', BENCH_LIBRARY: withLibrary ? '1' : '0', BENCH_OUTPUT: outputName(type, withLibrary, sourceMaps),
      BENCH_SOURCE_MAPS: sourceMaps ? '1' : '0' },
    what: `taro build --type ${type} (${withLibrary ? 'with' : 'without'} the library${sourceMaps ? ', source maps' : ''})`,
  })
  return outputDir(type, withLibrary, { sourceMaps })
}

module.exports = { buildBenchApp, outputDir }
