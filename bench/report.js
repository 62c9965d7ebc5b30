// The results as one table (measurement, ours, baseline, ratio): printed by `npm run bench` and written as the
// README's "Performance" section to bench/PERFORMANCE.md.
const { applyBudgets, batchOf, TWICE_AT } = require('./budgets')

const bytes = (cost) => `${cost.raw.toLocaleString('en-US')} / ${cost.gzip.toLocaleString('en-US')}`
const ms = (value) => `${value} ms`
const mb = (value) => `${Math.round(value / 1e5) / 10} MB`
const ratioOf = (ours, baseline) => String(Math.round((ours / baseline) * 1000) / 1000)

/** The memory case: one row per baseline, the control last. */
function memoryRows(memory) {
  const { ours, raw, official } = memory.contestants
  const control = memory.contestants[memory.control]
  const held = (m) => `${mb(m.peak)}, at most +${mb(m.riseMax)} = ${m.copies}× the file${m.copies > TWICE_AT ? ': held twice' : ''}`
  const what = `1 × ${mb(memory.fileBytes)} upload: the page's peak JS memory (V8 heap + ArrayBuffers; median of ${memory.rounds}) ` +
    `and its largest rise over the page's own (over ${TWICE_AT}× the file: held twice)`
  return [
    [what, held(ours), `raw XHR ${held(raw)}`, ratioOf(ours.peak, raw.peak)],
    ['', '', `cos-js-sdk-v5 ${held(official)}`, ratioOf(ours.peak, official.peak)],
    ['', '', `control (raw XHR + an ArrayBuffer copy) ${held(control)}`, ratioOf(ours.peak, control.peak)],
    [`1 × ${mb(memory.fileBytes)} upload time, median of ${memory.rounds} (memory polled meanwhile)`, ms(ours.ms.median),
      `raw XHR ${ms(raw.ms.median)}; cos-js-sdk-v5 ${ms(official.ms.median)}`,
      `${ratioOf(ours.ms.median, raw.ms.median)} / ${ratioOf(ours.ms.median, official.ms.median)}`],
  ]
}

function tableRows(r) {
  const rows = []
  for (const row of r.bundles || []) {
    rows.push([`${row.label}: B raw / gzip`, bytes(row.ours), `cos-wx-sdk-v5 min ${bytes(row.baselines['cos-wx-sdk-v5'])}`,
      `${row.ratios.rawVsWx} / ${row.ratios.gzipVsWx}`])
    rows.push(['', '', `cos-js-sdk-v5 min ${bytes(row.baselines['cos-js-sdk-v5'])}`, `${row.ratios.rawVsJs} / ${row.ratios.gzipVsJs}`])
  }
  if (r.weapp) {
    rows.push(['bytes added to a one-page dist/weapp', r.weapp.added.toLocaleString('en-US'),
      `cos-wx-sdk-v5 min ${r.weapp.wxSdkRaw.toLocaleString('en-US')} (app without: ${r.weapp.without.toLocaleString('en-US')})`, String(r.weapp.ratio)])
  }
  if (r.uniWeapp) {
    rows.push(['bytes added to a one-page uni-app mp-weixin build (uni component)', r.uniWeapp.added.toLocaleString('en-US'),
      `cos-wx-sdk-v5 min ${r.uniWeapp.wxSdkRaw.toLocaleString('en-US')} (app without: ${r.uniWeapp.without.toLocaleString('en-US')})`, String(r.uniWeapp.ratio)])
  }
  if (r.h5) {
    rows.push(['bytes added to a one-page dist/h5 (same Taro components without it)', r.h5.added.toLocaleString('en-US'),
      `budget 60,000 (app without: ${r.h5.without.toLocaleString('en-US')})`, String(Math.round((r.h5.added / 60000) * 1000) / 1000)])
  }
  if (r.upload) {
    const { ms: t, rounds, concurrency } = r.upload
    const what = `${batchOf(r.upload)} upload, median of ${rounds} (concurrency ${concurrency})`
    rows.push([`${what} vs raw XHR (physical limit)`, ms(t.ours.median), ms(t.raw.median), String(r.upload.ratios.oursVsRaw)])
    rows.push([`${what} vs cos-js-sdk-v5 uploadFiles`, ms(t.ours.median), ms(t.official.median), String(r.upload.ratios.oursVsOfficial)])
    const sent = r.upload.firstSendMs
    rows.push([`of which chooser → first upload request sent (${r.upload.files} files)`, ms(sent.ours.median),
      `cos-js-sdk-v5 ${ms(sent.official.median)} (raw XHR ${ms(sent.raw.median)})`, String(r.upload.ratios.firstSendOursVsOfficial)])
  }
  if (r.many) {
    const { ms: t, rounds } = r.many
    const picks = r.many.picks.ours.median
    const what = `${batchOf(r.many)} upload, median of ${rounds} (ours took ${picks} pick${picks === 1 ? '' : 's'})`
    rows.push([`${what} vs raw XHR (physical limit)`, ms(t.ours.median), ms(t.raw.median), String(r.many.ratios.oursVsRaw)])
    rows.push([`${what} vs cos-js-sdk-v5 uploadFiles`, ms(t.ours.median), ms(t.official.median), String(r.many.ratios.oursVsOfficial)])
  }
  if (r.firstTile) {
    const { ms: t, files, rounds } = r.firstTile
    const what = `pick → first picked image painted, ${files} files, median of ${rounds} (baselines: an object URL per file)`
    rows.push([what, ms(t.ours.median), `raw XHR page ${ms(t.raw.median)}`, String(r.firstTile.ratios.oursVsRaw)])
    rows.push(['', '', `cos-js-sdk-v5 page ${ms(t.official.median)}`, String(r.firstTile.ratios.oursVsOfficial)])
  }
  for (const images of r.withImages ? [r.withImages.batch, r.withImages.many] : []) {
    const { ms: t, rounds } = images
    const what = `${batchOf(images)} upload, every page showing the picked images, median of ${rounds} (not budgeted)`
    rows.push([`${what} vs raw XHR + images`, ms(t.ours.median), ms(t.raw.median), String(images.ratios.oursVsRaw)])
    rows.push(['', '', `cos-js-sdk-v5 + images ${ms(t.official.median)}`, String(images.ratios.oursVsOfficial)])
  }
  if (r.memory) rows.push(...memoryRows(r.memory))
  for (const [name, byContestant] of Object.entries(r.discarded || {})) {
    for (const [contestant, count] of Object.entries(byContestant)) {
      rows.push([`runs done again (${CASE_NAMES[name] || name}): the page never reported an upload it made`, contestant === 'ours' ? String(count) : '',
        contestant === 'ours' ? '' : `${contestant} ${count}`, '—'])
    }
  }
  if (r.credentials) {
    rows.push([`STS credential fetches per ${r.credentials.files} uploads (median)`, String(r.credentials.ours.median),
      `cos-js-sdk-v5 ${r.credentials.official.median}`, String(r.credentials.ratio)])
  }
  if (r.firstByte) {
    rows.push(['chooser → first body byte at COS, 1 file (median)', ms(r.firstByte.ms.ours.median),
      `cos-js-sdk-v5 ${ms(r.firstByte.ms.official.median)} (raw XHR ${ms(r.firstByte.ms.raw.median)})`, String(r.firstByte.ratio)])
  }
  if (r.signing) {
    rows.push(['request signatures per second (Node)', r.signing.request.ours.toLocaleString('en-US'),
      `cos-js-sdk-v5 getAuthorization ${r.signing.request.official.toLocaleString('en-US')}`, String(r.signing.request.ratio)])
    rows.push(['PostObject policy signatures per second (Node)', r.signing.policy.ours.toLocaleString('en-US'), '—', '—'])
  }
  for (const s of r.render ? r.render.scenarios : []) {
    rows.push([`React commits, ${s.files} file(s) × ${s.progressEventsPerFile} progress events in ${s.seconds} s`,
      `${s.commitsPerSecond}/s (${s.commitsPerFile} per file)`, `${s.progressEventsPerFile * s.files} events; budget 60/s`,
      String(Math.round((s.commits / (s.progressEventsPerFile * s.files)) * 1000) / 1000)])
  }
  return rows
}

const HEADER = ['measurement', 'ours', 'baseline', 'ratio (ours/baseline)']

const CASE_NAMES = { batches: 'the batch', singles: 'one file', tiled: 'first image painted', many: 'the 100-file case',
  manyTiled: 'the 100-file case with images', big: 'the large file' }

const UPLOAD_METHOD = [
  'How the H5 upload rows are measured (`bench/upload.js`, `bench/browser/`):',
  '',
  '- Ours is `<CosUploader>` in a one-page Taro H5 build; raw XHR posts the same `File` unsigned (the physical limit); ' +
    'cos-js-sdk-v5 runs `uploadFiles` with its defaults, except that every file is one putObject (the emulator has no ' +
    'multipart upload). Each case runs the contestants in fresh pages of one Chromium, rotating who goes first each ' +
    'round, and every object is compared byte for byte at the emulator.',
  '- When ours takes fewer files than offered in one pick (its `count`, or a host\'s own cap such as Taro H5\'s `chooseMedia`\'s 20; the browser-direct H5 host has none), the bench ' +
    'offers the ones it did not take again as soon as it has taken some; the 100-file rows count the picks. A run in ' +
    'which the page answers every upload but never reports one is done again, and counted in the table.',
  '- Pick → first picked image painted: the browser\'s own Element Timing of the first `<img>` showing a picked file ' +
    '(a `blob:` or `data:` URL). The baseline pages show each picked file as an object URL in an `<img>`, as a plain ' +
    'page would.',
  '- The rows "every page showing the picked images" time the same uploads while each baseline page also shows every ' +
    'picked file as an object URL in an 80 px `<img>` (ours always shows its tiles, with their progress): what showing ' +
    'the images costs a page on this machine. They are not budgets; the budgets compare with the image-less baselines.',
  '- Peak JS memory: `Runtime.getHeapUsage` (the V8 heap plus ArrayBuffer backing stores) polled every 10 ms over the ' +
    'DevTools protocol, and `performance.memory` read in the page at each upload send, the moment a copy made for ' +
    'posting must exist. The rise is over the page\'s memory after a forced GC just before the pick. A picked ' +
    '`File`\'s bytes live in the browser\'s blob storage, outside this measure, so a rise over half the file is a copy ' +
    'held in JS: the file twice. The control, raw XHR that reads the file into an ArrayBuffer before posting it, must ' +
    'be caught in every run.',
  '- `npm run bench -- --trace` writes a Chromium trace of one 20-file upload per contestant to `bench/tmp/` and where ' +
    'each page\'s main thread spent its time to `bench/tmp/trace-summary.md`; `npm run bench -- --self-test` shows each ' +
    'budget of issue 14 met at its limit and missed past it; `npm run bench -- --quick --only upload` checks the upload ' +
    'harness in about a minute.',
]

function textTable(results) {
  const rows = [HEADER, ...tableRows(results)]
  const widths = HEADER.map((_, column) => Math.max(...rows.map((row) => row[column].length)))
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd()).join('\n')
}

function markdown(results) {
  const cell = (text) => text.replace(/\|/g, '\\|').replace(/</g, '&lt;')
  const m = results.machine
  return [
    '## Performance',
    '',
    ...(results.label ? [`**${results.label}**`, ''] : []),
    ...(results.protocol.full ? [] : [`**Preliminary:** ${results.protocol.files} files × ${results.protocol.rounds} rounds, not the ` +
      "issue's 20 × 5; rerun `npm run bench` on a quiet machine before quoting these numbers.", '']),
    `Measured by \`${results.command}\` on ${results.date.slice(0, 10)} (${results.date}): ${m.cores} cores, ${m.cpu}, ` +
      `${m.memoryGb} GB RAM, load average ${m.loadAverage} at the start${m.loadAverageEnd ? ` and ${m.loadAverageEnd} at the end` : ''}, ` +
      `Node ${m.node}, ${m.chromium}. Timings are medians of ` +
      'alternated runs on the same machine; compare the ratios, not the absolute times. Reproduce with `npm run bench` ' +
      `(this run took ${results.seconds} s, Taro builds included), then \`npm run bench:check\` for the budgets.`,
    '',
    `| ${HEADER.join(' | ')} |`,
    `|${HEADER.map(() => '---').join('|')}|`,
    ...tableRows(results).map((row) => `| ${row.map(cell).join(' | ')} |`),
    '',
    'Budgets (issues 6, 13, 14 and 15):',
    '',
    ...applyBudgets(results).map((b) => `- ${b.verdict}`),
    '',
    ...(results.upload ? [...UPLOAD_METHOD, ''] : []),
  ].join('\n')
}

module.exports = { markdown, textTable }
