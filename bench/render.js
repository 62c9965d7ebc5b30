// Row 6: runs the render measurement (bench/render, jsdom + React Profiler) in jest and reads its numbers.
const { promises: fs } = require('node:fs')
const { tmpdir } = require('node:os')
const path = require('node:path')
const { runNode } = require('./lib/run-node')

async function measureRender() {
  const dir = await fs.mkdtemp(path.join(tmpdir(), 'bench-render-'))
  const out = path.join(dir, 'render.json')
  try {
    const log = await runNode([require.resolve('jest/bin/jest'), '--config', path.join(__dirname, 'render', 'jest.config.js')], {
      cwd: path.join(__dirname, '..'), env: { BENCH_RENDER_OUT: out }, what: 'the render measurement (jest)',
    })
    const scenarios = JSON.parse(await fs.readFile(out, 'utf8').catch(() => { throw new Error(`the render measurement wrote nothing:\n${log}`) }))
    return { scenarios }
  } finally {
    await fs.rm(dir, { recursive: true, force: true })
  }
}

module.exports = { measureRender }
