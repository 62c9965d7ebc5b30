// A Chromium performance trace of one page over the DevTools protocol (what DevTools' Performance panel records:
// timeline events and the V8 CPU profile), written as a JSON trace that chrome://tracing, Perfetto or DevTools open.
const { promises: fs } = require('node:fs')

const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame',
  'toplevel', 'v8.execute', 'blink.user_timing', 'loading', 'latencyInfo', 'disabled-by-default-v8.cpu_profiler']

/** Starts tracing; the returned stop(file) ends it and writes the trace to `file`. */
async function startTrace(cdp) {
  await cdp.send('Tracing.start', { transferMode: 'ReturnAsStream', traceConfig: { includedCategories: CATEGORIES } })
  return async (file) => {
    const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve))
    await cdp.send('Tracing.end')
    const { stream } = await complete
    const handle = await fs.open(file, 'w')
    try {
      for (;;) {
        const chunk = await cdp.send('IO.read', { handle: stream })
        await handle.write(chunk.base64Encoded ? Buffer.from(chunk.data, 'base64') : chunk.data)
        if (chunk.eof) break
      }
    } finally {
      await handle.close()
      await cdp.send('IO.close', { handle: stream })
    }
  }
}

module.exports = { startTrace }
