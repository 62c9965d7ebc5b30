// Bundle budgets of issue 15, for size-limit (`npm run size`) and the bench (bench/bundle.js runs the same checks).
// @size-limit/esbuild bundles each entry and minifies it; the bytes counted are the uncompressed UTF-8 output, as a
// mini program's package counts them. Two settings make that honest: charset 'utf8' (esbuild's default, ASCII,
// writes each CJK character of the zh-CN texts as a 6-byte \uXXXX escape; Taro's H5 build keeps its 3 UTF-8 bytes,
// though its weapp build (4.2) writes the escapes, which bench/app-size.js counts as they ship)
// and `brotli: false` (size-limit's default is the brotli size, which no mini-program package limit uses).
// The app's own packages, the peers (react, @tarojs/*), are not counted; neither is Node's `crypto`, which crypto-js
// probes inside a try and no mini-program bundle resolves.
const { peerDependencies } = require('./package.json')

const asShipped = (config) => ({ ...config, charset: 'utf8', format: 'esm', platform: 'browser', target: 'es2017' })

const check = (name, path, limit) => ({
  name, path, ...(limit && { limit }), brotli: false, ignore: [...Object.keys(peerDependencies), 'crypto'], modifyEsbuildConfig: asShipped,
})

module.exports = [
  check('device core entry (taro-cos-uploader/core)', 'src/lib/core/index.ts', '24000 B'),
  check('core + Taro host layer', 'bench/entries/core-and-hosts.ts'),
  check('whole library (taro-cos-uploader)', 'src/lib/index.ts', '45000 B'),
]
