// Bytes the library adds to a built one-page app, against the same page with the same components and no library: for
// dist/weapp (next to cos-wx-sdk-v5's min file), for dist/h5 (every file the browser may load), and for a uni-app's
// mp-weixin build (the uni component).
const { promises: fs } = require('node:fs')
const path = require('node:path')
const { buildBenchApp } = require('./lib/build-app')
const { buildUniBenchApp } = require('./lib/build-uni-app')
const { ratio } = require('./lib/stats')

async function treeBytes(dir) {
  let total = 0
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name)
    // webpack's licence banners are not loaded by anything.
    if (entry.isDirectory()) total += await treeBytes(file)
    else if (!entry.name.endsWith('.LICENSE.txt')) total += (await fs.stat(file)).size
  }
  return total
}

async function addedBytes(build) {
  const without = await treeBytes(await build(false))
  const withLibrary = await treeBytes(await build(true))
  return { withLibrary, without, added: withLibrary - without }
}

async function measureAppSizes({ wxSdkRaw }) {
  const weapp = await addedBytes((withLibrary) => buildBenchApp('weapp', withLibrary))
  const uniWeapp = await addedBytes(buildUniBenchApp)
  return {
    weapp: { ...weapp, wxSdkRaw, ratio: ratio(weapp.added, wxSdkRaw) },
    uniWeapp: { ...uniWeapp, wxSdkRaw, ratio: ratio(uniWeapp.added, wxSdkRaw) },
    h5: await addedBytes((withLibrary) => buildBenchApp('h5', withLibrary)),
  }
}

module.exports = { measureAppSizes }
