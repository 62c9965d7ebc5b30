// The page's JS memory seen from outside, over the DevTools protocol: Runtime.getHeapUsage's V8 heap plus its
// ArrayBuffer backing stores (a copy of a file read with FileReader/arrayBuffer() lives there, not in the V8 heap).
// Chosen over performance.memory alone because it needs no code in the page and reads the two parts separately;
// polled, so the page also samples itself when it sends (bench/browser/arm-page.js) and the peak is the larger.

const POLL_MS = 10

async function heapBytes(cdp) {
  const usage = await cdp.send('Runtime.getHeapUsage')
  if (typeof usage.backingStorageSize !== 'number') throw new Error('this Chromium reports no ArrayBuffer backing storage in Runtime.getHeapUsage')
  return usage.usedSize + usage.backingStorageSize
}

/** The page's memory after a full garbage collection: the baseline a file's copy would stand on. */
async function settledHeap(cdp) {
  await cdp.send('HeapProfiler.collectGarbage')
  return heapBytes(cdp)
}

/** Polls until the returned stop() is called; stop() resolves to the largest reading. */
function watchHeap(cdp) {
  let peak = 0
  let stopped = false
  const polling = (async () => {
    while (!stopped) {
      peak = Math.max(peak, await heapBytes(cdp))
      await new Promise((resolve) => setTimeout(resolve, POLL_MS))
    }
  })()
  polling.catch(() => undefined) // a failed reading is thrown by stop()
  return async () => {
    stopped = true
    await polling
    return peak
  }
}

module.exports = { settledHeap, watchHeap }
