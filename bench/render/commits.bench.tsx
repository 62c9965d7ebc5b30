// Row 6: React commits while the host fires 100 progress events per file in one second, counted with a Profiler
// around the real <CosUploader> and engine; the host is the component tests' scripted fake. Writes its numbers to
// $BENCH_RENDER_OUT. Real timers: the frame batcher runs on jsdom's requestAnimationFrame as it would in a page.
import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { writeFileSync } from 'node:fs'
import { Profiler } from 'react'
import { CosUploader } from '../../src/lib/react'
import { createFakeHost, fakeFile } from '../../test/component/support/fakeHost'
import { BUCKET, REGION, stsAnswer } from '../../test/component/support/render'

const EVENTS = 100
const SECOND_MS = 1000
const SIZE = 1048576

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function commitsWhileProgressing(files: number) {
  const host = createFakeHost()
  let commits = 0
  const view = render(
    <Profiler id='uploader' onRender={() => { commits++ }}>
      <CosUploader host={host} bucket={BUCKET} region={REGION} getCredentials={async () => stsAnswer()} maxCount={files} count={files} concurrency={files} />
    </Profiler>,
  )
  host.willPick(Array.from({ length: files }, (_, i) => fakeFile(`photo-${i}.jpg`, SIZE)))
  fireEvent.click(screen.getByLabelText('添加图片'))
  await waitFor(() => expect(host.scripted.uploads).toHaveLength(files))
  await sleep(50) // the pick's own commits settle before counting
  const before = commits
  const start = performance.now()
  for (let event = 1; event <= EVENTS; event++) {
    for (const upload of host.scripted.uploads) upload.progress(Math.round((event / EVENTS) * SIZE), SIZE)
    await sleep(start + (event * SECOND_MS) / EVENTS - performance.now())
  }
  const seconds = (performance.now() - start) / 1000
  const during = commits - before
  for (const upload of host.scripted.uploads) upload.succeed()
  await waitFor(() => expect(view.container.querySelectorAll('.cos-uploader__tile--done')).toHaveLength(files))
  view.unmount()
  return { files, progressEventsPerFile: EVENTS, seconds: Math.round(seconds * 1000) / 1000, commits: during,
    commitsPerSecond: Math.round((during / seconds) * 10) / 10, commitsPerFile: Math.round((during / files) * 10) / 10 }
}

it('counts commits while 1 and 3 uploads report 100 progress events in a second', async () => {
  // React batches outside act() as it does in a page.
  ;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false
  const results = [await commitsWhileProgressing(1), await commitsWhileProgressing(3)]
  for (const result of results) expect(result.commits).toBeGreaterThan(0)
  if (process.env.BENCH_RENDER_OUT) writeFileSync(process.env.BENCH_RENDER_OUT, JSON.stringify(results))
}, 30000)
