// Picking: maxCount (done + in flight), count clamping, maxSize/onOversize, compression, labels, custom
// triggers, and the disabled state of a gated host.
import { fireEvent, screen } from '@testing-library/react'
import { reasons } from '../../src/lib/hosts/reasons'
import { createFakeHost, fakeFile } from './support/fakeHost'
import { frame, NOW, pick, setup, statuses, tiles } from './support/render'

beforeEach(() => jest.useFakeTimers({ now: NOW }))
afterEach(() => jest.useRealTimers())

const path = (name: string) => `wxfile://tmp/${name}`

describe('maxCount', () => {
  it('counts files still in flight, so the next pick only asks for what is left', async () => {
    const t = setup({ maxCount: 3 })
    await frame()
    await pick(t.host, [fakeFile('a.jpg'), fakeFile('b.jpg')])
    expect(t.host.chooseImages).toHaveBeenLastCalledWith(expect.objectContaining({ count: 3 }))
    expect(statuses(t.container)).toEqual(['uploading', 'uploading'])

    await pick(t.host, [fakeFile('c.jpg')])
    expect(t.host.chooseImages).toHaveBeenLastCalledWith(expect.objectContaining({ count: 1 }))
    expect(tiles(t.container)).toHaveLength(3)
    // Full: no add button is left to tap.
    expect(screen.queryByLabelText('添加图片')).toBeNull()
  })

  it('counts files already done as well', async () => {
    const t = setup({ maxCount: 2, defaultValue: [{ key: 'old.jpg', url: 'https://x/old.jpg', size: 1 }] })
    await frame()
    await pick(t.host, [fakeFile('a.jpg')])
    expect(t.host.chooseImages).toHaveBeenLastCalledWith(expect.objectContaining({ count: 1 }))
    expect(screen.queryByLabelText('添加图片')).toBeNull()
  })

  it('drops files beyond the limit when the picker returns more than asked (H5 cannot cap the count)', async () => {
    const host = createFakeHost()
    host.chooseImages.mockResolvedValueOnce([fakeFile('a.jpg'), fakeFile('b.jpg'), fakeFile('c.jpg')])
    const t = setup({ maxCount: 2 }, host)
    await frame()
    fireEvent.click(screen.getByLabelText('添加图片'))
    await frame()
    expect(host.scripted.uploads.map((upload) => upload.request.filePath)).toEqual([path('a.jpg'), path('b.jpg')])
    expect(tiles(t.container)).toHaveLength(2)
    // Said, not dropped without a word.
    expect(screen.getByText('最多 2 张，1 张未添加')).toBeTruthy()
  })
})

it('clamps count to the room maxCount leaves, and to at least 1', async () => {
  const t = setup({ count: 20, maxCount: 5 })
  await frame()
  await pick(t.host, [])
  expect(t.host.chooseImages).toHaveBeenLastCalledWith({ count: 5, sizeType: undefined, sourceType: undefined })

  t.rerenderWith({ count: 0 })
  await pick(t.host, [])
  expect(t.host.chooseImages).toHaveBeenLastCalledWith(expect.objectContaining({ count: 1 }))
})

it('passes sizeType and sourceType to the picker', async () => {
  const t = setup({ sizeType: ['compressed'], sourceType: ['camera'] })
  await frame()
  await pick(t.host, [])
  expect(t.host.chooseImages).toHaveBeenLastCalledWith({ count: 9, sizeType: ['compressed'], sourceType: ['camera'] })
})

it('gives onOversize exactly the files over maxSize and uploads the rest', async () => {
  const t = setup({ maxSize: 5000 })
  await frame()
  const files = [fakeFile('a.jpg', 1000), fakeFile('big1.jpg', 9000), fakeFile('c.jpg', 5000), fakeFile('big2.jpg', 5001)]
  await pick(t.host, files)
  expect(t.onOversize).toHaveBeenCalledTimes(1)
  expect(t.onOversize).toHaveBeenCalledWith([files[1], files[3]])
  expect(t.host.scripted.uploads.map((upload) => upload.request.filePath)).toEqual([path('a.jpg'), path('c.jpg')])
  expect(screen.getByText('2 张图片超过 4.9 KB，未上传')).toBeTruthy()
})

it('compresses picked images with the given quality where the host can, and uploads the result', async () => {
  const t = setup({ compress: 70 })
  await frame()
  await pick(t.host, [fakeFile('a.jpg')])
  expect(t.host.compressImage).toHaveBeenCalledWith(path('a.jpg'), 70)
  expect(t.host.scripted.uploads[0].request.filePath).toBe(`${path('a.jpg')}.compressed.jpg`)
})

it('where the host cannot compress (H5): uploads as picked and says why once, through onUnsupported', async () => {
  const host = createFakeHost({ id: 'h5', capabilities: { compress: { supported: false, reason: reasons.h5NoCompress() } } })
  const t = setup({ compress: 70 }, host)
  await frame()
  await pick(host, [fakeFile('a.jpg')])
  await pick(host, [fakeFile('b.jpg')])
  expect(host.compressImage).not.toHaveBeenCalled()
  expect(host.scripted.uploads.map((upload) => upload.request.filePath)).toEqual([path('a.jpg'), path('b.jpg')])
  expect(t.onUnsupported.mock.calls).toEqual([[reasons.h5NoCompress()]])
})

it('does not report compression without the compress option, nor where the host can compress', async () => {
  const h5 = createFakeHost({ id: 'h5', capabilities: { compress: { supported: false, reason: reasons.h5NoCompress() } } })
  const plain = setup({}, h5)
  await frame()
  plain.unmount()
  const able = setup({ compress: 70 })
  await frame()
  expect(plain.onUnsupported).not.toHaveBeenCalled()
  expect(able.onUnsupported).not.toHaveBeenCalled()
})

describe('labels', () => {
  it('labels the add and delete controls in zh-CN by default and in English with locale="en"', async () => {
    const t = setup()
    await frame()
    await pick(t.host, [fakeFile('a.jpg')])
    expect(screen.getByLabelText('添加图片').getAttribute('role')).toBe('button')
    expect(screen.getByLabelText('删除').getAttribute('role')).toBe('button')

    t.rerenderWith({ locale: 'en' })
    expect(screen.getByLabelText('Add image')).toBeTruthy()
    expect(screen.getByLabelText('Delete')).toBeTruthy()
    expect(screen.queryByLabelText('添加图片')).toBeNull()
  })
})

describe('custom trigger', () => {
  it('renders children inside the labelled add button', async () => {
    const t = setup({ children: <span className='mine'>Upload photos</span> })
    await frame()
    expect(screen.getByLabelText('添加图片').textContent).toBe('Upload photos')
    await pick(t.host, [fakeFile('a.jpg')])
    expect(t.host.scripted.uploads).toHaveLength(1)
  })

  it('hands a render function the uploader API', async () => {
    const t = setup({
      maxCount: 4,
      children: (api) => <button onClick={api.pick}>{`pick (${api.remaining} left)`}</button>,
    })
    await frame()
    expect(screen.queryByLabelText('添加图片')).toBeNull()
    t.host.willPick([fakeFile('a.jpg')])
    fireEvent.click(screen.getByText('pick (4 left)'))
    await frame()
    expect(screen.getByText('pick (3 left)')).toBeTruthy()
    expect(t.host.scripted.uploads).toHaveLength(1)
  })
})

describe('a gated host', () => {
  it('renders disabled with the reason, reports onUnsupported, and never opens the picker', async () => {
    const reason = reasons.qqUnverified()
    const host = createFakeHost({ id: 'qq', capabilities: { upload: { supported: false, reason } } })
    const t = setup({}, host)
    await frame()
    const add = screen.getByLabelText('添加图片')
    expect(add.getAttribute('aria-disabled')).toBe('true')
    expect(screen.getByText(reason.message['zh-CN'])).toBeTruthy()
    expect(t.onUnsupported).toHaveBeenCalledWith(reason)
    fireEvent.click(add)
    await frame()
    expect(host.chooseImages).not.toHaveBeenCalled()
    // Nothing was prepared for uploads that cannot happen.
    expect(t.getCredentials).not.toHaveBeenCalled()

    t.rerenderWith({ locale: 'en' })
    expect(screen.getByText(reason.message.en)).toBeTruthy()
  })

  it('disabled={true} also blocks picking and hides delete', async () => {
    const t = setup({ disabled: true, defaultValue: [{ key: 'a.jpg', url: 'https://x/a.jpg', size: 1 }] })
    await frame()
    fireEvent.click(screen.getByLabelText('添加图片'))
    await frame()
    expect(t.host.chooseImages).not.toHaveBeenCalled()
    expect(screen.queryByLabelText('删除')).toBeNull()
  })
})
