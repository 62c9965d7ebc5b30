// Builds a one-page uni-app for mp-weixin, with or without <CosUploader>, into bench/tmp: the uni-app demo as a user
// installs it (scripts/fixture-app.js: its own dependencies and the packed tarball, in the fixture cache), its pages
// replaced by one page, bench/uni-app/<with|without>-library.vue. The demo's next build puts its own pages back.
const fs = require('node:fs')
const path = require('node:path')
const { prepareFixtureApp } = require('../../scripts/fixture-app')
const { runNode } = require('./run-node')

const DEMO = path.join(__dirname, '..', '..', 'examples', 'uni-app')
const ONE_PAGE = JSON.stringify({ pages: [{ path: 'pages/index/index', style: { navigationBarTitleText: 'bench' } }] }, null, 2)

async function buildUniBenchApp(withLibrary) {
  const variant = path.join(__dirname, '..', 'uni-app', `${withLibrary ? 'with' : 'without'}-library.vue`)
  const app = prepareFixtureApp(DEMO, { files: { 'src/pages.json': ONE_PAGE, 'src/pages/index/index.vue': fs.readFileSync(variant, 'utf8') } })
  await runNode([path.join(app, 'node_modules/@dcloudio/vite-plugin-uni/bin/uni.js'), 'build', '-p', 'mp-weixin'], {
    cwd: app, env: { NODE_ENV: 'production' }, what: `uni build -p mp-weixin (${withLibrary ? 'with' : 'without'} the library)`,
  })
  const out = path.join(__dirname, '..', 'tmp', `uni-weapp-${withLibrary ? 'with' : 'without'}`)
  fs.rmSync(out, { recursive: true, force: true })
  fs.cpSync(path.join(app, 'dist', 'build', 'mp-weixin'), out, { recursive: true })
  return out
}

module.exports = { buildUniBenchApp }
