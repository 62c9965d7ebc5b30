// Uploading: progress on every event with renders coalesced per frame, pick order kept, delete aborts,
// retry after 403 and after expiry, the diagnosis on the tile, onQueueChange, autoUpload + ref, concurrency,
// and credentials prefetched once for every tile.
import { act, fireEvent, render, screen } from '@testing-library/react'
import { Profiler } from 'react'
import { CosServiceError } from '../../src/lib/core/errors'
import { CosUploader } from '../../src/lib/react'
import { createFakeHost, fakeFile } from './support/fakeHost'
import { BUCKET, frame, NOW, pick, REGION, setup, stsAnswer, statuses, tiles, diagnosisShown } from './support/render'

beforeEach(() => jest.useFakeTimers({ now: NOW }))
afterEach(() => jest.useRealTimers())

const path = (name: string) => `wxfile://tmp/${name}`
const statusText = (container: HTMLElement) =>
  Array.from(container.querySelectorAll('.cos-uploader__status'), (node) => node.textContent)

describe('progress', () => {
  it('reports every progress event, renders at most once per frame, then processing and done', async () => {
    const host = createFakeHost()
    const onProgress = jest.fn()
    let commits = 0
    const view = render(
      <Profiler id='uploader' onRender={() => commits++}>
        <CosUploader host={host} bucket={BUCKET} region={REGION} getCredentials={async () => stsAnswer()} onProgress={onProgress} />
      </Profiler>,
    )
    await frame()
    host.willPick([fakeFile('a.jpg', 1000)])
    fireEvent.click(screen.getByLabelText('添加图片'))
    await frame()
    const upload = host.scripted.of(path('a.jpg'))

    commits = 0
    act(() => {
      for (const loaded of [100, 200, 300, 400, 500]) upload.progress(loaded, 1000)
    })
    expect(onProgress.mock.calls.map(([task]) => task.percent)).toEqual([0, 10, 20, 30, 40, 50])
    // Five events, no frame yet: nothing re-rendered, the bar still shows the old value.
    expect(commits).toBe(0)
    expect(statusText(view.container)).toEqual(['上传中 0%'])
    await frame()
    expect(commits).toBe(1)
    expect(statusText(view.container)).toEqual(['上传中 50%'])
    // On H5 the bar is the browser's own (react/elements.tsx): a progressbar whose inner bar is that wide.
    const bar = view.container.querySelector('.cos-uploader__progress')!
    expect([bar.getAttribute('role'), bar.getAttribute('aria-valuenow')]).toEqual(['progressbar', '50'])
    expect((bar.firstElementChild!.firstElementChild as HTMLElement).style.width).toBe('50%')

    // 100 % sent, the server has not answered yet.
    act(() => upload.progress(1000, 1000))
    expect(onProgress.mock.lastCall![0]).toMatchObject({ status: 'processing', percent: 100, loaded: 1000, total: 1000 })
    await frame()
    expect(statusText(view.container)).toEqual(['处理中'])
    act(() => upload.succeed())
    await frame()
    expect(statuses(view.container)).toEqual(['done'])
  })
})

it('keeps pick order in value when uploads finish out of order', async () => {
  const t = setup()
  await frame()
  await pick(t.host, [fakeFile('a.jpg'), fakeFile('b.jpg'), fakeFile('c.jpg')])
  const [a, b, c] = ['a.jpg', 'b.jpg', 'c.jpg'].map((name) => t.host.scripted.of(path(name)))
  const keys = [a, b, c].map((upload) => upload.request.formData.key)

  act(() => c.succeed())
  await frame()
  act(() => a.succeed())
  await frame()
  act(() => b.succeed())
  await frame()

  expect(t.onSuccess.mock.calls.map(([item]) => item.key)).toEqual([keys[2], keys[0], keys[1]])
  expect(t.onChange.mock.calls.map(([value]) => value.map((item: { key: string }) => item.key))).toEqual([
    [keys[2]],
    [keys[0], keys[2]],
    [keys[0], keys[1], keys[2]],
  ])
  // Thumbnails come from the uploaded objects, through signed URLs (the bucket may be private).
  const srcs = Array.from(t.container.querySelectorAll('.cos-uploader__image'), (image) => image.getAttribute('src')!)
  expect(srcs.map((src) => src.split('?')[0])).toEqual(keys.map((key) => `https://${BUCKET}.cos.${REGION}.myqcloud.com/${key}`))
  for (const src of srcs) expect(src).toMatch(/\?q-sign-algorithm=sha1&.*&q-signature=[0-9a-f]{40}&x-cos-security-token=token1$/)
})

it('deleting an uploading tile aborts the request and never reports success or touches value', async () => {
  const t = setup()
  await frame()
  await pick(t.host, [fakeFile('a.jpg'), fakeFile('b.jpg')])
  const a = t.host.scripted.of(path('a.jpg'))
  act(() => a.progress(400, 1000))
  await frame()

  fireEvent.click(screen.getAllByLabelText('删除')[0])
  await frame()
  expect(a.aborted).toBe(true)
  expect(tiles(t.container)).toHaveLength(1)
  // A late answer from the aborted request changes nothing.
  act(() => a.succeed())
  await frame()
  expect(t.onSuccess).not.toHaveBeenCalled()
  expect(t.onChange).not.toHaveBeenCalled()
  expect(t.host.scripted.of(path('b.jpg')).aborted).toBe(false)

  act(() => t.host.scripted.of(path('b.jpg')).succeed())
  await frame()
  expect(t.onChange).toHaveBeenCalledTimes(1)
  expect(t.onChange.mock.calls[0][0]).toHaveLength(1)
})

it('after a 403 shows the diagnosis with COS Code and RequestId on onError, and retry re-signs and succeeds', async () => {
  const t = setup()
  await frame()
  await pick(t.host, [fakeFile('a.jpg')])
  act(() => t.host.scripted.of(path('a.jpg')).failWith(403, 'AccessDenied', 'Access Denied.', 'req-403'))
  await frame()

  expect(statuses(t.container)).toEqual(['error'])
  const error = t.onError.mock.calls[0][0]
  expect(error).toBeInstanceOf(CosServiceError)
  expect(error.cos.Code).toBe('AccessDenied')
  expect(error.requestId).toBe('req-403')
  expect(t.onError.mock.calls[0][1].status).toBe('error')
  // The tile says it failed, short enough for 80 px; a tap shows the whole diagnosis, COS's Code and RequestId.
  expect(t.container.querySelector('.cos-uploader__error')?.textContent).toBe('上传失败 · 点按查看')
  const shown = diagnosisShown(t)
  expect(shown).toBe(error.diagnosis.message['zh-CN'])
  expect(shown).toMatch(/无权限|拒绝|AccessDenied/)
  expect(t.host.showModal).toHaveBeenLastCalledWith({ title: '上传失败', content: `${shown}\nCode: AccessDenied\nRequestId: req-403` })

  t.rerenderWith({ locale: 'en' })
  expect(t.container.querySelector('.cos-uploader__error')?.textContent).toBe('Failed · tap for details')
  expect(diagnosisShown(t)).toBe(error.diagnosis.message.en)

  fireEvent.click(screen.getByText('Retry'))
  await frame()
  expect(t.host.scripted.uploads).toHaveLength(2)
  const second = t.host.scripted.uploads[1]
  expect(second.request.formData['q-signature']).toMatch(/^[0-9a-f]{40}$/)
  act(() => second.succeed())
  await frame()
  expect(statuses(t.container)).toEqual(['done'])
  expect(t.onSuccess).toHaveBeenCalledTimes(1)
})

it('after expired credentials refreshes them before re-signing, on its own once and again on retry', async () => {
  const t = setup()
  await frame()
  expect(t.getCredentials).toHaveBeenCalledTimes(1)
  await pick(t.host, [fakeFile('a.jpg')])
  act(() => t.host.scripted.of(path('a.jpg')).failWith(400, 'ExpiredToken', 'The provided token has expired.'))
  await frame()
  // The engine refreshed once by itself and tried again with the new token.
  expect(t.getCredentials).toHaveBeenCalledTimes(2)
  expect(t.host.scripted.uploads).toHaveLength(2)
  expect(t.host.scripted.uploads[1].request.formData['x-cos-security-token']).toBe('token2')
  act(() => t.host.scripted.uploads[1].failWith(400, 'ExpiredToken', 'The provided token has expired.'))
  await frame()
  expect(statuses(t.container)).toEqual(['error'])
  const error = t.onError.mock.calls[0][0]
  expect(error.code).toBe('expired-token')
  expect(diagnosisShown(t)).toBe(error.diagnosis.message['zh-CN'])

  fireEvent.click(screen.getByText('重试'))
  await frame()
  expect(t.getCredentials).toHaveBeenCalledTimes(3)
  const third = t.host.scripted.uploads[2]
  expect(third.request.formData['x-cos-security-token']).toBe('token3')
  act(() => third.succeed())
  await frame()
  expect(statuses(t.container)).toEqual(['done'])
})

it('prefetches credentials on mount and signs every tile with that one STS answer', async () => {
  const t = setup()
  await frame()
  expect(t.getCredentials).toHaveBeenCalledTimes(1)
  await pick(t.host, [fakeFile('a.jpg'), fakeFile('b.jpg'), fakeFile('c.jpg')])
  expect(t.host.scripted.uploads.map((upload) => upload.request.formData['x-cos-security-token']))
    .toEqual(['token1', 'token1', 'token1'])
  expect(t.getCredentials).toHaveBeenCalledTimes(1)
})

it('fires onQueueChange when tasks are added, change status or leave, not on progress', async () => {
  const t = setup()
  await frame()
  await pick(t.host, [fakeFile('a.jpg'), fakeFile('b.jpg')])
  const seen = () => t.onQueueChange.mock.calls.map(([tasks]) => tasks.map((task: { status: string }) => task.status).join(','))
  expect(seen()[0]).toBe('queued,queued')
  expect(seen().at(-1)).toBe('uploading,uploading')

  const before = t.onQueueChange.mock.calls.length
  act(() => t.host.scripted.of(path('a.jpg')).progress(300, 1000))
  expect(t.onQueueChange).toHaveBeenCalledTimes(before)

  act(() => t.host.scripted.of(path('a.jpg')).succeed())
  await frame()
  expect(seen().at(-1)).toBe('done,uploading')
  fireEvent.click(screen.getAllByLabelText('删除')[1])
  await frame()
  expect(seen().at(-1)).toBe('done')
})

it('with autoUpload={false} waits for ref.upload(), and ref.clear() aborts and empties', async () => {
  const t = setup({ autoUpload: false })
  await frame()
  await pick(t.host, [fakeFile('a.jpg'), fakeFile('b.jpg')])
  expect(statusText(t.container)).toEqual(['等待上传', '等待上传'])
  expect(t.host.scripted.uploads).toHaveLength(0)

  act(() => t.ref.current!.upload())
  await frame()
  expect(t.host.scripted.uploads).toHaveLength(2)
  act(() => t.host.scripted.of(path('a.jpg')).succeed())
  await frame()
  expect(t.onChange).toHaveBeenLastCalledWith([expect.objectContaining({ size: 1000 })])

  act(() => t.ref.current!.clear())
  await frame()
  expect(t.host.scripted.of(path('b.jpg')).aborted).toBe(true)
  expect(t.onChange).toHaveBeenLastCalledWith([])
  expect(tiles(t.container)).toHaveLength(0)
})

it('never runs more uploads at once than the host allows', async () => {
  const t = setup({ concurrency: 5 }, createFakeHost({ maxConcurrent: 2 }))
  await frame()
  await pick(t.host, ['a', 'b', 'c', 'd'].map((name) => fakeFile(`${name}.jpg`)))
  expect(t.host.scripted.uploads.map((upload) => upload.request.filePath)).toEqual([path('a.jpg'), path('b.jpg')])
  expect(statuses(t.container)).toEqual(['uploading', 'uploading', 'queued', 'queued'])
  act(() => t.host.scripted.of(path('a.jpg')).succeed())
  await frame()
  expect(t.host.scripted.uploads.map((upload) => upload.request.filePath)).toContain(path('c.jpg'))
  expect(t.host.scripted.uploads).toHaveLength(3)
})

it('fails a key outside allowPrefix before any request, with the diagnosis on the tile', async () => {
  const t = setup({ prefix: 'tmp/', allowPrefix: ['users/42/'] })
  await frame()
  await pick(t.host, [fakeFile('a.jpg')])
  expect(t.host.scripted.uploads).toHaveLength(0)
  expect(statuses(t.container)).toEqual(['error'])
  const error = t.onError.mock.calls[0][0]
  expect(error.code).toBe('key-outside-prefix')
  expect(diagnosisShown(t)).toBe(error.diagnosis.message['zh-CN'])
})

describe('automatic retries', () => {
  // Backoff is full jitter, uniform in [0, 500 ms) before the first retry: a draw under one frame would retry before
  // the tile is checked. A fixed draw keeps the waits at 250 and 500 ms.
  let random: jest.SpyInstance
  beforeEach(() => { random = jest.spyOn(Math, 'random').mockReturnValue(0.5) })
  afterEach(() => random.mockRestore())

  it('says a tile is waiting to retry after a network failure, then retries it by itself', async () => {
    const t = setup()
    await frame()
    await pick(t.host, [fakeFile('a.jpg')])
    act(() => t.host.scripted.of(path('a.jpg')).failNetwork())
    await frame()
    expect(statusText(t.container)).toEqual(['重试中 (1/3): 网络错误或超时'])
    expect(t.onError).not.toHaveBeenCalled()
    // The engine's backoff is at most a few seconds.
    await frame(10_000)
    expect(t.host.scripted.uploads).toHaveLength(2)
    act(() => t.host.scripted.uploads[1].succeed())
    await frame()
    expect(statuses(t.container)).toEqual(['done'])
  })

  it.each([
    ['zh-CN', '添加图片', ['重试中 (1/3): COS 服务错误 503，请重试', '重试中 (2/3): COS 服务错误 503，请重试']],
    ['en', 'Add image', ['Retrying (1/3): COS error 503: retry', 'Retrying (2/3): COS error 503: retry']],
  ] as const)('%s: counts the automatic retries after a 503 with its reason on the tile, then uploads', async (locale, addLabel, shown) => {
    const t = setup({ locale })
    await frame()
    await pick(t.host, [fakeFile('a.jpg')], addLabel)
    const seen: string[] = []
    for (const attempt of [0, 1]) {
      act(() => t.host.scripted.uploads[attempt].failWith(503, 'SlowDown', 'Please reduce your request rate.'))
      await frame()
      seen.push(...statusText(t.container).map(String))
      expect(statuses(t.container)).toEqual(['queued'])
      // The engine's backoff is at most a few seconds.
      await frame(10_000)
      expect(t.host.scripted.uploads).toHaveLength(attempt + 2)
    }
    expect(seen).toEqual(shown)
    expect(t.onError).not.toHaveBeenCalled()
    act(() => t.host.scripted.uploads[2].succeed())
    await frame()
    expect(statuses(t.container)).toEqual(['done'])
    expect(statusText(t.container)).toEqual([])
  })

  it('maxRetries={1}: one automatic retry of a repeated 503, then the error on the tile and onError', async () => {
    const t = setup({ maxRetries: 1 })
    await frame()
    await pick(t.host, [fakeFile('a.jpg')])
    act(() => t.host.scripted.uploads[0].failWith(503, 'SlowDown', 'Please reduce your request rate.'))
    await frame()
    expect(statusText(t.container)).toEqual(['重试中 (1/1): COS 服务错误 503，请重试'])
    await frame(10_000)
    expect(t.host.scripted.uploads).toHaveLength(2)

    act(() => t.host.scripted.uploads[1].failWith(503, 'SlowDown', 'Please reduce your request rate.'))
    await frame()
    expect(statuses(t.container)).toEqual(['error'])
    expect(t.onError).toHaveBeenCalledTimes(1)
    expect(t.onError.mock.calls[0][0]).toMatchObject({ statusCode: 503 })
    expect(diagnosisShown(t)).toBe('COS 服务错误 503，请重试')
    await frame(60_000)
    expect(t.host.scripted.uploads).toHaveLength(2)
  })
})

it('prop changes never touch uploads in flight: a new prefix or bucket goes to the next pick, a new callback to the next event', async () => {
  const t = setup({ prefix: 'first/' })
  await frame()
  await pick(t.host, [fakeFile('a.jpg')])
  const [first] = t.host.scripted.uploads
  expect(first.request.formData.key).toMatch(/^first\//)
  const onSuccess = jest.fn()
  t.rerenderWith({ prefix: 'second/', bucket: 'otherbucket-1250000000', onSuccess })
  await frame()
  expect(first.aborted).toBe(false)

  await pick(t.host, [fakeFile('b.jpg')])
  const second = t.host.scripted.uploads[1]
  expect(second.request.formData.key).toMatch(/^second\//)
  expect(second.request.url).toBe('https://otherbucket-1250000000.cos.ap-guangzhou.myqcloud.com/')
  // The first keeps the bucket and key it was picked with, and finishes there.
  act(() => first.succeed())
  await frame()
  expect(onSuccess).toHaveBeenCalledWith(expect.objectContaining({ key: first.request.formData.key, url: expect.stringContaining('https://examplebucket-1250000000.') }), expect.anything())
  expect(statuses(t.container)).toEqual(['done', 'uploading'])
  // A new bucket is a new target with its own credentials session: one more STS fetch, for the next file only.
  expect(t.getCredentials).toHaveBeenCalledTimes(2)
})
