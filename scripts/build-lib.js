#!/usr/bin/env node
// Publishable output in pkg/: ESM + .d.ts for the library (tsc), and the `cos-uploader` CLI bundled for Node.
const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')
const esbuild = require('esbuild')

const root = path.join(__dirname, '..')
const pkgDir = path.join(root, 'pkg')

function emitLibrary() {
  const tsc = require.resolve('typescript/bin/tsc')
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.lib.json'], { cwd: root, stdio: 'inherit' })
  if (result.status !== 0) throw new Error('tsc -p tsconfig.lib.json failed')
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

async function main() {
  fs.rmSync(pkgDir, { recursive: true, force: true })
  emitLibrary()
  await bundleCli()
  console.log('pkg/lib (ESM + .d.ts) and pkg/bin/cos-uploader.js written')
}

main().catch((error) => {
  console.error(error.message)
  process.exit(1)
})
