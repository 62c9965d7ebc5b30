// Runs a Node script as a child process; resolves when it exits 0, rejects with the end of its output otherwise.
const { spawn } = require('node:child_process')

const KEPT_OUTPUT = 4000

function runNode(args, { cwd, env, what, timeoutMs = 10 * 60 * 1000 }) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    const keep = (chunk) => { output = (output + chunk).slice(-KEPT_OUTPUT) }
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      if (code === 0) resolve(output)
      else reject(new Error(`${what} failed (${signal || `exit ${code}`}):\n${output}`))
    })
  })
}

module.exports = { runNode }
