// Row 1, last line: bytes the library adds to a built one-page dist/weapp, against the same page without it.
const { promises: fs } = require('node:fs')
const path = require('node:path')
const { buildBenchApp } = require('./lib/build-app')
const { ratio } = require('./lib/stats')

async function treeBytes(dir) {
  let total = 0
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name)
    total += entry.isDirectory() ? await treeBytes(file) : (await fs.stat(file)).size
  }
  return total
}

async function measureWeappSize({ wxSdkRaw }) {
  const without = await treeBytes(await buildBenchApp('weapp', false))
  const withLibrary = await treeBytes(await buildBenchApp('weapp', true))
  const added = withLibrary - without
  return { withLibrary, without, added, wxSdkRaw, ratio: ratio(added, wxSdkRaw) }
}

module.exports = { measureWeappSize }
