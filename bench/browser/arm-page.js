// The bench's probes, run in each contestant's page before its own scripts (page.addInitScript(armPage, …)).
// Moments are wall-clock milliseconds (performance.timeOrigin + …) so the bench can compare them with the emulator's.

/**
 * Records when the chooser's input fired `change` (the pick), when the first upload request (POST/PUT) was sent, when
 * the first picked image was painted, with `heap` the page's JS memory at each upload send, and when `expected` keys
 * are reported through window.benchUploaded(keys). window.benchResult resolves with all of it once the keys are in
 * and, with `tiles`, the first picked image has been painted.
 */
function armPage({ expected, tiles, heap }) {
  const now = () => performance.timeOrigin + performance.now()
  // JS heap plus ArrayBuffer backing stores: precise only under --enable-precise-memory-info (bench/browser sets it).
  const memory = () => (performance.memory ? performance.memory.usedJSHeapSize : undefined)
  let picked
  let firstSend
  let firstTile
  let done
  let heapAtSend = 0
  const open = XMLHttpRequest.prototype.open
  const send = XMLHttpRequest.prototype.send
  XMLHttpRequest.prototype.open = function (method, ...rest) {
    this.benchMethod = String(method).toUpperCase()
    return open.call(this, method, ...rest)
  }
  // A page that copies the file into JS memory to post it holds that copy when it sends: the one moment a
  // sampler polling from outside could miss it.
  XMLHttpRequest.prototype.send = function (...args) {
    const upload = this.benchMethod === 'POST' || this.benchMethod === 'PUT'
    if (upload && firstSend === undefined) {
      firstSend = now()
      performance.mark('bench:first-send')
    }
    // Only when asked: reading performance.memory costs about 1 ms on a page the size of ours.
    if (upload && heap) heapAtSend = Math.max(heapAtSend, memory() || 0)
    return send.apply(this, args)
  }

  // First picked image painted: every <img> the page shows is marked for the browser's Element Timing API, which
  // reports when the image was painted; only images of the picked files (blob: or data: URLs) after the pick count.
  const PICKED_IMAGE = /^(blob|data):/
  const mark = (node) => {
    if (node.nodeType !== 1) return
    const images = node.tagName === 'IMG' ? [node] : node.querySelectorAll('img')
    for (const image of images) if (!image.hasAttribute('elementtiming')) image.setAttribute('elementtiming', 'bench-tile')
  }
  const marker = new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'attributes') mark(record.target)
      else record.addedNodes.forEach(mark)
    }
  })
  marker.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['src'] })
  let tilePainted
  const tile = new Promise((resolve) => { tilePainted = resolve })
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (picked === undefined || firstTile !== undefined || !PICKED_IMAGE.test(entry.url)) continue
      const at = performance.timeOrigin + (entry.renderTime || entry.loadTime)
      if (at < picked) continue
      firstTile = at
      performance.mark('bench:first-tile', { startTime: at - performance.timeOrigin })
      marker.disconnect() // only the first counts: no more work in the page for the rest of the run
      tilePainted()
    }
  }).observe({ type: 'element', buffered: true })

  /** A page that says which files it took (window.benchTaken): resolves with them once there are more than `above`. */
  window.benchTakenAbove = (above) => new Promise((resolve) => {
    const check = () => {
      if ((window.benchTaken || []).length <= above) return
      window.removeEventListener('bench-taken', check)
      resolve(window.benchTaken)
    }
    window.addEventListener('bench-taken', check)
    check()
  })

  window.benchResult = new Promise((resolve, reject) => {
    document.addEventListener('change', () => {
      if (picked !== undefined) return
      picked = now()
      performance.mark('bench:picked') // marks bound the window a trace summary reads (bench/lib/trace-summary.js)
    }, true)
    window.benchUploaded = (keys) => {
      if (keys.length < expected || done !== undefined) return
      done = now()
      performance.mark('bench:done')
      const result = () => ({ picked, firstSend, firstTile, done, keys, heapAtSend })
      if (!tiles) return resolve(result())
      tile.then(() => resolve(result()))
      setTimeout(() => reject(new Error('no picked image was painted within 10 s of the uploads ending')), 10000)
    }
    const failed = setInterval(() => {
      if (window.benchError) {
        clearInterval(failed)
        reject(new Error(window.benchError))
      }
    }, 20)
  })
}

module.exports = { armPage }
