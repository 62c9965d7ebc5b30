// The uni-app <CosUploader> (Vue 3 SFC): a tap picks and uploads with progress rendered at most once per frame, a
// failed tile says so shortly and shows the diagnosis on tap, retry succeeds, deleting aborts, the ref's upload(),
// clear() and pick(), and unmounting aborts what is in flight. The controller behind it is the React component's
// (src/lib/ui); these tests hold the Vue view and its events to it.
import { CosServiceError } from '../../../src/lib/core/errors'
import { fakeFile } from '../support/fakeHost'
import { byLabel, frame, mountUploader, NOW, pick, statuses, texts } from './support'

beforeEach(() => jest.useFakeTimers({ now: NOW }))
afterEach(() => jest.useRealTimers())

const path = (name: string) => `wxfile://tmp/${name}`

it('tap → pick → a tile with progress, coalesced per frame → processing → done, with the events in order', async () => {
  const { wrapper, host, emitted, getCredentials } = mountUploader()
  await frame()
  // Credentials are prefetched on mount.
  expect(getCredentials).toHaveBeenCalledTimes(1)
  await pick(wrapper, host, [fakeFile('a.jpg', 1000)])
  expect(host.chooseImages).toHaveBeenCalledWith({ count: 9, sizeType: undefined, sourceType: undefined })
  const upload = host.scripted.of(path('a.jpg'))
  expect(statuses(wrapper)).toEqual(['uploading'])
  expect(wrapper.find('.cos-uploader__image').attributes('src')).toBe(path('a.jpg'))

  for (const loaded of [100, 200, 300, 400, 500]) upload.progress(loaded, 1000)
  expect(emitted<[{ percent: number }]>('progress').map(([task]) => task.percent)).toEqual([0, 10, 20, 30, 40, 50])
  // Five events, no frame yet: the tile still shows the old value.
  await Promise.resolve()
  expect(texts(wrapper, '.cos-uploader__status')).toEqual(['上传中 0%'])
  await frame()
  expect(texts(wrapper, '.cos-uploader__status')).toEqual(['上传中 50%'])
  expect(wrapper.find('.cos-uploader__progress').attributes('percent')).toBe('50')

  upload.progress(1000, 1000)
  await frame()
  expect(texts(wrapper, '.cos-uploader__status')).toEqual(['处理中'])
  upload.succeed()
  await frame()
  expect(statuses(wrapper)).toEqual(['done'])
  const [[item, task]] = emitted<[{ key: string; size: number }, { status: string }]>('success')
  expect(item).toMatchObject({ key: upload.request.formData.key, size: 1000 })
  expect(task.status).toBe('done')
  expect(emitted('update:modelValue')).toEqual([[[item]]])
  expect(emitted('change')).toEqual([[[item]]])
  // On each change of status, not on progress (processing comes with the last progress event).
  expect(emitted<[Array<{ status: string }>]>('queueChange').map(([tasks]) => tasks[0].status)).toEqual(['queued', 'signing', 'uploading', 'done'])
})

it('a 403: the tile says it failed, a tap shows the diagnosis with Code and RequestId, the error event has it, retry succeeds', async () => {
  const { wrapper, host, emitted } = mountUploader()
  await frame()
  await pick(wrapper, host, [fakeFile('a.jpg')])
  host.scripted.of(path('a.jpg')).failWith(403, 'AccessDenied', 'Access Denied.', 'req-403')
  await frame()

  expect(statuses(wrapper)).toEqual(['error'])
  const [[error, task]] = emitted<[CosServiceError, { status: string }]>('error')
  expect(error).toBeInstanceOf(CosServiceError)
  expect(error.cos.Code).toBe('AccessDenied')
  expect(task.status).toBe('error')
  expect(wrapper.find('.cos-uploader__error').text()).toBe('上传失败 · 点按查看')
  await wrapper.find('.cos-uploader__error').trigger('click')
  const content = `${error.diagnosis.message['zh-CN']}\nCode: AccessDenied\nRequestId: req-403`
  expect(host.showModal).toHaveBeenLastCalledWith({ title: '上传失败', content })
  // The picture of a failed tile shows it too.
  await wrapper.find('.cos-uploader__image').trigger('click')
  expect(host.showModal).toHaveBeenCalledTimes(2)

  await wrapper.setProps({ locale: 'en' })
  expect(wrapper.find('.cos-uploader__error').text()).toBe('Failed · tap for details')
  await wrapper.find('.cos-uploader__retry').trigger('click')
  await frame()
  expect(host.scripted.uploads).toHaveLength(2)
  host.scripted.uploads[1].succeed()
  await frame()
  expect(statuses(wrapper)).toEqual(['done'])
  expect(emitted('success')).toHaveLength(1)
})

it('deleting an uploading tile aborts its request; nothing is reported uploaded', async () => {
  const { wrapper, host, emitted } = mountUploader()
  await frame()
  await pick(wrapper, host, [fakeFile('a.jpg')])
  await byLabel(wrapper, '删除').trigger('click')
  await frame()
  expect(host.scripted.of(path('a.jpg')).aborted).toBe(true)
  expect(statuses(wrapper)).toEqual([])
  expect(emitted('success')).toEqual([])
  expect(emitted('update:modelValue')).toEqual([])
})

it("the ref: with :auto-upload=false upload() starts the queue, pick() opens the picker, clear() aborts and empties", async () => {
  const { wrapper, host, emitted } = mountUploader({ autoUpload: false })
  await frame()
  const exposed = wrapper.vm as unknown as { pick(): Promise<void>; upload(): void; clear(): void }
  host.willPick([fakeFile('a.jpg'), fakeFile('b.jpg')])
  await exposed.pick()
  await frame()
  expect(statuses(wrapper)).toEqual(['queued', 'queued'])
  expect(host.scripted.uploads).toHaveLength(0)

  exposed.upload()
  await frame()
  expect(host.scripted.uploads).toHaveLength(2)
  host.scripted.uploads[0].succeed()
  await frame()
  expect(statuses(wrapper)).toEqual(['done', 'uploading'])

  exposed.clear()
  await frame()
  expect(host.scripted.uploads[1].aborted).toBe(true)
  expect(statuses(wrapper)).toEqual([])
  expect(emitted<[unknown[]]>('update:modelValue').at(-1)).toEqual([[]])
})

it('unmounting aborts the uploads in flight', async () => {
  const { wrapper, host } = mountUploader()
  await frame()
  await pick(wrapper, host, [fakeFile('a.jpg')])
  wrapper.unmount()
  await frame()
  expect(host.scripted.of(path('a.jpg')).aborted).toBe(true)
})

it('a change of prefix or bucket goes to the next pick and never touches the upload in flight', async () => {
  const { wrapper, host } = mountUploader({ prefix: 'first/' })
  await frame()
  await pick(wrapper, host, [fakeFile('a.jpg')])
  await wrapper.setProps({ prefix: 'second/', bucket: 'otherbucket-1250000000' })
  await frame()
  const first = host.scripted.of(path('a.jpg'))
  expect(first.aborted).toBe(false)
  await pick(wrapper, host, [fakeFile('b.jpg')])
  const second = host.scripted.of(path('b.jpg'))
  expect(first.request.formData.key).toMatch(/^first\//)
  expect(second.request.formData.key).toMatch(/^second\//)
  expect(second.request.url).toContain('otherbucket-1250000000')
  first.succeed()
  second.succeed()
  await frame()
  expect(statuses(wrapper)).toEqual(['done', 'done'])
})
