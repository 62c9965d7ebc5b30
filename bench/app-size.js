// Bytes the library adds to a built one-page app, against the same page with the same Taro components and no
// library: for dist/weapp (next to cos-wx-sdk-v5's min file) and for dist/h5 (every file the browser may load).
const { promises: fs } = require('node:fs')
const path = require('node:path')
const { buildBenchApp } = require('./lib/build-app')
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

async function addedBytes(type) {
  const without = await treeBytes(await buildBenchApp(type, false))
  const withLibrary = await treeBytes(await buildBenchApp(type, true))
  return { withLibrary, without, added: withLibrary - without }
}

async function measureAppSizes({ wxSdkRaw }) {
  const weapp = await addedBytes('weapp')
  return { weapp: { ...weapp, wxSdkRaw, ratio: ratio(weapp.added, wxSdkRaw) }, h5: await addedBytes('h5') }
}

module.exports = { measureAppSizes }
