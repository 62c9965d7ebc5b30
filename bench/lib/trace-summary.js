// Where a traced page's main thread spent the time from pick to all stored (bench/trace.js): how busy it was, the
// browser's own timeline events by self time, and JavaScript by source file from the V8 CPU profile, told through
// the build's source maps where it has them. Reads the bench:* marks that bench/browser/arm-page.js leaves.
const fs = require('node:fs')
const path = require('node:path')
const { SourceMap } = require('node:module')

const TOP = 12
const REPOSITORY = path.join(__dirname, '..', '..')
const sum = (values) => values.reduce((total, value) => total + value, 0)
const ms = (micros) => Math.round(micros / 100) / 10

/** Self time (µs) by event name of the complete events on one thread, each clipped to [from, to]. */
function selfTimeByName(events, from, to) {
  const clipped = (e) => Math.max(0, Math.min(e.ts + e.dur, to) - Math.max(e.ts, from))
  const sorted = [...events].sort((a, b) => a.ts - b.ts || b.dur - a.dur)
  const self = new Map()
  const stack = []
  for (const event of sorted) {
    while (stack.length && stack[stack.length - 1].ts + stack[stack.length - 1].dur <= event.ts) stack.pop()
    const parent = stack[stack.length - 1]
    if (parent) self.set(parent.name, (self.get(parent.name) || 0) - clipped(event))
    self.set(event.name, (self.get(event.name) || 0) + clipped(event))
    stack.push(event)
  }
  return self
}

/** `file:line` in the original sources for a position in a served script, through its source map when there is one. */
function sourceLocator(appDir) {
  const maps = new Map()
  const mapOf = (url) => {
    if (!maps.has(url)) {
      let map
      try {
        const file = path.join(appDir, new URL(url).pathname)
        map = new SourceMap(JSON.parse(fs.readFileSync(`${file}.map`, 'utf8')))
      } catch {
        map = undefined // no map: the script is told by its own URL
      }
      maps.set(url, map)
    }
    return maps.get(url)
  }
  return ({ url, lineNumber, columnNumber }) => {
    const entry = mapOf(url)?.findEntry(lineNumber, columnNumber)
    if (!entry || !entry.originalSource) {
      const { pathname } = new URL(url)
      return pathname === '/' ? "/ (the page's inline script)" : pathname
    }
    const source = entry.originalSource.replace(/^webpack:\/\/[^/]*\//, '').replace(/^(\.\.?\/)+/, '')
    const dependency = source.lastIndexOf('node_modules/')
    if (dependency >= 0) return source.slice(dependency + 'node_modules/'.length)
    // webpack names a dependency's own sources (from the maps it ships) by their path inside that package.
    return fs.existsSync(path.join(REPOSITORY, source)) ? source : `${source} (a dependency's own source)`
  }
}

/**
 * Sampled JavaScript time (µs) by source file, [from, to] only, from the trace's V8 CPU profile of process `pid`.
 * Built-ins (XMLHttpRequest.send, createObjectURL…) have no script: they count for the nearest caller that has one.
 */
function jsTimeBySource(events, pid, from, to, locate) {
  const profile = events.find((e) => e.name === 'Profile' && e.pid === pid)
  if (!profile) return new Map()
  const chunks = events.filter((e) => e.name === 'ProfileChunk' && e.pid === pid && e.id === profile.id)
  const nodes = new Map()
  const urls = new Map()
  const samples = []
  let time = profile.args.data.startTime
  for (const chunk of chunks) {
    const { cpuProfile = {}, timeDeltas = [] } = chunk.args.data
    for (const node of cpuProfile.nodes || []) {
      nodes.set(node.id, node)
      if (node.callFrame.url) urls.set(node.callFrame.scriptId, node.callFrame.url)
    }
    ;(cpuProfile.samples || []).forEach((id, i) => {
      time += timeDeltas[i] || 0
      samples.push({ id, time })
    })
  }
  const urlOf = (frame) => frame.url || urls.get(frame.scriptId)
  const where = (node) => {
    if (node.callFrame.codeType === 'other') return node.callFrame.functionName // (program), (garbage collector)
    for (let caller = node; caller; caller = nodes.get(caller.parent)) {
      if (urlOf(caller.callFrame)) return locate({ ...caller.callFrame, url: urlOf(caller.callFrame) })
    }
    return '(no script URL: the harness or the browser)'
  }
  const bySource = new Map()
  for (let i = 0; i + 1 < samples.length; i++) {
    const { id, time: at } = samples[i]
    const node = nodes.get(id)
    if (at < from || at >= to || !node || node.callFrame.functionName === '(idle)') continue
    const source = where(node)
    bySource.set(source, (bySource.get(source) || 0) + (samples[i + 1].time - at))
  }
  return bySource
}

const EVENT_NAMES = { RunTask: 'RunTask (task time no finer event accounts for)' }

const top = (map) => [...map].filter(([, micros]) => micros > 0).sort((a, b) => b[1] - a[1]).slice(0, TOP)
  .map(([name, micros]) => ({ name, ms: ms(micros) }))

function summarizeTrace(trace, { appDir }) {
  const events = Array.isArray(trace) ? trace : trace.traceEvents
  const mark = (name) => events.find((e) => e.name === `bench:${name}`)
  const picked = mark('picked')
  const done = mark('done')
  if (!picked || !done) throw new Error('the trace holds no bench:picked and bench:done marks')
  const { pid, tid, ts: from } = picked
  const to = done.ts
  const main = events.filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && e.ts < to && e.ts + e.dur > from)
  const timeline = main.filter((e) => e.cat.includes('devtools.timeline'))
  const tasks = timeline.filter((e) => e.name === 'RunTask')
  const since = (name) => (mark(name) ? ms(mark(name).ts - from) : undefined)
  return {
    windowMs: ms(to - from),
    firstSendMs: since('first-send'),
    firstTileMs: since('first-tile'),
    busyMs: ms(sum(tasks.map((e) => Math.min(e.ts + e.dur, to) - Math.max(e.ts, from)))),
    events: top(selfTimeByName(timeline, from, to)).map((row) => ({ ...row, name: EVENT_NAMES[row.name] || row.name })),
    javascript: top(jsTimeBySource(events, pid, from, to, sourceLocator(appDir))),
  }
}

/** The summaries of bench/trace.js as markdown. */
function traceMarkdown(traces) {
  const lines = []
  for (const { name, file, summary: s } of traces) {
    lines.push(`### ${name}: pick → all stored ${s.windowMs} ms (${path.basename(file)})`, '',
      `First upload request sent at ${s.firstSendMs ?? '—'} ms, first picked image painted at ${s.firstTileMs ?? '— (none shown)'} ms. ` +
      `Main thread busy ${s.busyMs} ms of ${s.windowMs} ms (${Math.round((s.busyMs / s.windowMs) * 100)} %).`, '',
      '| main thread, by timeline event (self time) | ms | JavaScript by source (CPU profile samples) | ms |', '|---|---|---|---|')
    for (let i = 0; i < Math.max(s.events.length, s.javascript.length); i++) {
      const event = s.events[i] || { name: '', ms: '' }
      const js = s.javascript[i] || { name: '', ms: '' }
      lines.push(`| ${event.name} | ${event.ms} | ${js.name} | ${js.ms} |`)
    }
    lines.push('')
  }
  return lines.join('\n')
}

module.exports = { summarizeTrace, traceMarkdown }
