#!/usr/bin/env node
// Publishable output in pkg/: ESM + .d.ts (pkg/lib) and CommonJS + .d.ts (pkg/cjs) for the library (tsc), and the
// `cos-uploader` CLI bundled for Node; the uni-app SFC is copied as it is to uni/. Bundlers take the ESM; `require`
// (Node CJS, jest without a transform of node_modules) takes the CJS, so every entry resolves with types under
// node10, node16 and bundler resolution.
const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')
const esbuild = require('esbuild')

const root = path.join(__dirname, '..')
const pkgDir = path.join(root, 'pkg')
const libDir = path.join(pkgDir, 'lib')

function emitLibrary(...flags) {
  const tsc = require.resolve('typescript/bin/tsc')
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.lib.json', ...flags], { cwd: root, stdio: 'inherit' })
  if (result.status !== 0) throw new Error(`tsc -p tsconfig.lib.json ${flags.join(' ')} failed`)
}

function filesUnder(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name)
    return entry.isDirectory() ? filesUnder(file) : [file]
  })
}

/** './x' → './x.js' or './x/index.js', whichever tsc emitted next to `file` (a .js or a .d.ts). */
function fullySpecified(file, specifier) {
  if (specifier.endsWith('.js')) return specifier
  const emitted = file.endsWith('.d.ts') ? '.d.ts' : '.js'
  const target = path.resolve(path.dirname(file), specifier)
  if (fs.existsSync(target + emitted)) return specifier + '.js'
  if (fs.existsSync(path.join(target, 'index' + emitted))) return specifier.replace(/\/$/, '') + '/index.js'
  throw new Error(`${path.relative(root, file)}: cannot resolve "${specifier}"`)
}

/** crypto-js has no exports map: Node's ESM resolver needs the file name, e.g. 'crypto-js/hmac-sha1.js'. */
function cryptoJsFile(file, specifier) {
  const withExtension = specifier.endsWith('.js') ? specifier : specifier + '.js'
  try {
    require.resolve(withExtension, { paths: [root] })
  } catch (error) {
    throw new Error(`${path.relative(root, file)}: "${specifier}" is not a crypto-js module`)
  }
  return withExtension
}

function rewriteSpecifier(file, specifier) {
  if (specifier.startsWith('.')) return fullySpecified(file, specifier)
  if (specifier.startsWith('crypto-js/')) return cryptoJsFile(file, specifier)
  return specifier
}

// `from '…'`, side-effect `import '…'`, and `import('…')` (tsc writes those into declarations).
const SPECIFIERS = /(\bfrom\s*|\bimport\s*|\bimport\(\s*)(['"])([^'"\n]+)\2/g

/** Makes pkg/lib loadable by Node as ESM: its own {"type":"module"} and fully specified import paths. */
function makeNodeEsm() {
  for (const file of filesUnder(libDir).filter((name) => /\.(js|d\.ts)$/.test(name))) {
    const text = fs.readFileSync(file, 'utf8')
    const rewritten = text.replace(SPECIFIERS, (whole, lead, quote, specifier) => lead + quote + rewriteSpecifier(file, specifier) + quote)
    if (rewritten !== text) fs.writeFileSync(file, rewritten)
  }
  // The root package stays "commonjs" (scripts, config); this scope makes Node read pkg/lib/*.js as ESM.
  fs.writeFileSync(path.join(libDir, 'package.json'), JSON.stringify({ type: 'module' }, null, 2) + '\n')
}

async function bundleCli() {
  await esbuild.build({
    entryPoints: [path.join(root, 'server/cli.ts')],
    outfile: path.join(pkgDir, 'bin/cos-uploader.js'),
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    banner: { js: '#!/usr/bin/env node' },
    // Optional at run time: the real-STS mode loads it only when asked for.
    external: ['qcloud-cos-sts'],
    logLevel: 'warning',
  })
  fs.chmodSync(path.join(pkgDir, 'bin/cos-uploader.js'), 0o755)
}

/**
 * The uni-app component ships as its source, beside the uni/ stub: the app's own uni-app build compiles it into a
 * real mini-program component, and `taro-cos-uploader/uni/CosUploader.vue` is its path on disk as in `exports`.
 */
function copyUniComponent() {
  fs.copyFileSync(path.join(root, 'src/lib/uni/CosUploader.vue'), path.join(root, 'uni/CosUploader.vue'))
}

async function main() {
  fs.rmSync(pkgDir, { recursive: true, force: true })
  emitLibrary()
  makeNodeEsm()
  emitLibrary('--module', 'commonjs', '--outDir', path.join(pkgDir, 'cjs'))
  copyUniComponent()
  await bundleCli()
  console.log('pkg/lib (Node ESM + .d.ts), pkg/cjs (CommonJS + .d.ts), uni/CosUploader.vue and pkg/bin/cos-uploader.js written')
}

main().catch((error) => {
  console.error(error.message)
  process.exit(1)
})
