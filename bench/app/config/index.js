// One-page bench app. BENCH_LIBRARY=0 builds the same page without the library (the weapp size baseline);
// BENCH_SOURCE_MAPS=1 adds source maps (for traces). Output goes to bench/tmp/$BENCH_OUTPUT (bench/lib/build-app.js;
// ignored by git).
const path = require('node:path')

const withLibrary = process.env.BENCH_LIBRARY !== '0'
// The library lives outside this app's sourceRoot: compile it like app code.
const compile = { include: [path.join(__dirname, '..', '..', '..', 'src', 'lib')] }

module.exports = function config() {
  return {
    projectName: 'taro-cos-uploader-bench',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: `../tmp/${process.env.BENCH_OUTPUT || `${process.env.TARO_ENV}-by-hand`}`,
    alias: { 'bench-page-body': path.join(__dirname, '..', 'src', withLibrary ? 'with-library.tsx' : 'without-library.tsx') },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: { compile },
    h5: { compile, publicPath: '/', staticDirectory: 'static', router: { mode: 'hash' },
      ...(process.env.BENCH_SOURCE_MAPS === '1' && { enableSourceMap: true, sourceMapType: 'source-map' }) },
  }
}
