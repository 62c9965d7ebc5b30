// Row 6: runs the render measurement (bench/render, jsdom + React Profiler) in jest and reads its numbers.
const { spawn } = require('node:child_process')
const { promises: fs } = require('node:fs')
const { tmpdir } = require('node:os')
const path = require('node:path')

const EVENTS_PER_SECOND = 100

async function measureRender() {
  const dir = await fs.mkdtemp(path.join(tmpdir(), 'bench-render-'))
  const out = path.join(dir, 'render.json')
  try {
    const log = await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [require.resolve('jest/bin/jest'), '--config', path.join(__dirname, 'render', 'jest.config.js')], {
        cwd: path.join(__dirname, '..'), env: { ...process.env, BENCH_RENDER_OUT: out }, stdio: ['ignore', 'pipe', 'pipe'],
      })
      let text = ''
      const keep = (chunk) => { text = (text + chunk).slice(-4000) }
      child.stdout.on('data', keep)
      child.stderr.on('data', keep)
      child.on('error', reject)
      child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`the render measurement failed:\n${text}`))))
    })
    const scenarios = JSON.parse(await fs.readFile(out, 'utf8').catch(() => { throw new Error(`the render measurement wrote nothing:\n${log}`) }))
    return { eventsPerSecond: EVENTS_PER_SECOND, scenarios }
  } finally {
    await fs.rm(dir, { recursive: true, force: true })
  }
}

module.exports = { measureRender }
