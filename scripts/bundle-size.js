// What a bundle costs a mini program: esbuild --minify with react, react-dom and @tarojs/* external, raw and gzip -9
// bytes. Shared by `npm run size` and `npm run bench`.
const path = require('node:path')
const zlib = require('node:zlib')
const esbuild = require('esbuild')

const ROOT = path.join(__dirname, '..')

/** Raw and gzip -9 bytes of code as shipped. */
function byteCost(code) {
  return { raw: code.length, gzip: zlib.gzipSync(code, { level: 9 }).length }
}

/** `source`: a file relative to the repository root, or `{ contents }` (ES module source resolved from the root). */
async function bundleCost(source) {
  const input = typeof source === 'string'
    ? { entryPoints: [path.join(ROOT, source)] }
    : { stdin: { contents: source.contents, resolveDir: ROOT, loader: 'ts' } }
  const result = await esbuild.build({
    ...input,
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2017',
    // crypto-js probes require('crypto') inside a try; no mini-program bundle resolves it, so it adds no bytes.
    external: ['react', 'react-dom', 'react/jsx-runtime', '@tarojs/*', 'crypto'],
    define: { 'process.env.TARO_ENV': 'process.env.TARO_ENV' },
    logLevel: 'error',
  })
  return byteCost(result.outputFiles[0].contents)
}

module.exports = { bundleCost, byteCost }
