#!/usr/bin/env node
// Builds the demo for every host into dist/<host>; prints one line per host and fails if any build fails.
const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')
const HOSTS = require('./hosts')

function buildHost(host) {
  const logDir = path.join(__dirname, '..', 'dist', 'logs')
  fs.mkdirSync(logDir, { recursive: true })
  const started = Date.now()
  const result = spawnSync(process.execPath, [require.resolve('@tarojs/cli/bin/taro'), 'build', '--type', host], {
    cwd: path.join(__dirname, '..'),
    env: { ...process.env, NODE_ENV: 'production' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
  fs.writeFileSync(path.join(logDir, `${host}.log`), `${result.stdout}\n${result.stderr}`)
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  return { host, ok: result.status === 0, seconds, output: `${result.stdout}\n${result.stderr}` }
}

function main(hosts) {
  let failed = 0
  for (const host of hosts) {
    const r = buildHost(host)
    console.log(`build ${r.host.padEnd(6)} ${r.ok ? 'ok' : 'FAILED'} in ${r.seconds}s -> dist/${r.host}`)
    if (!r.ok) {
      failed++
      console.log(r.output.split('\n').slice(-40).join('\n'))
    }
  }
  return failed
}

if (require.main === module) {
  const wanted = process.argv.slice(2)
  process.exitCode = main(wanted.length ? wanted : HOSTS) ? 1 : 0
}

module.exports = { main }
