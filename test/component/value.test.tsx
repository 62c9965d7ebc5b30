// value/defaultValue/onChange (controlled and uncontrolled), locale switching, and the signing-mode check.
import { act, fireEvent, render, screen } from '@testing-library/react'
import { useState } from 'react'
import { InvalidInputError } from '../../src/lib/core/errors'
import { type UploadedItem } from '../../src/lib/core/upload/types'
import { CosUploader } from '../../src/lib/react'
import { createFakeHost, fakeFile } from './support/fakeHost'
import { BUCKET, frame, NOW, pick, REGION, setup, stsAnswer, statuses } from './support/render'

beforeEach(() => jest.useFakeTimers({ now: NOW }))
afterEach(() => jest.useRealTimers())

const existing: UploadedItem = { key: 'users/1/old.jpg', url: `https://${BUCKET}.cos.${REGION}.myqcloud.com/users/1/old.jpg`, size: 10 }
/** Thumbnail URLs without their signature. */
const imageSrcs = (container: HTMLElement) =>
  Array.from(container.querySelectorAll('.cos-uploader__image'), (image) => image.getAttribute('src')!.split('?')[0])

describe('uncontrolled', () => {
  it('starts from defaultValue, adds finished uploads and removes deleted items itself', async () => {
    const t = setup({ defaultValue: [existing] })
    await frame()
    expect(imageSrcs(t.container)).toEqual([existing.url])
    await pick(t.host, [fakeFile('a.jpg')])
    act(() => t.host.scripted.uploads[0].succeed('"etag-a"'))
    await frame()
    const added = t.onChange.mock.calls[0][0][1]
    expect(added).toEqual({ key: t.host.scripted.uploads[0].request.formData.key, url: expect.stringContaining('https://'), size: 1000, etag: '"etag-a"' })
    expect(statuses(t.container)).toEqual(['done', 'done'])

    fireEvent.click(screen.getAllByLabelText('删除')[0])
    expect(t.onChange).toHaveBeenLastCalledWith([added])
    expect(imageSrcs(t.container)).toEqual([added.url])
  })
})

describe('controlled', () => {
  it('shows only what value holds; onChange proposes the next value', async () => {
    const t = setup({ value: [existing] })
    await frame()
    await pick(t.host, [fakeFile('a.jpg')])
    act(() => t.host.scripted.uploads[0].succeed())
    await frame()
    expect(t.onChange).toHaveBeenCalledWith([existing, expect.objectContaining({ size: 1000 })])
    // The parent kept its value: the finished upload is not shown behind its back.
    expect(imageSrcs(t.container)).toEqual([existing.url])

    fireEvent.click(screen.getByLabelText('删除'))
    expect(t.onChange).toHaveBeenLastCalledWith([])
    expect(imageSrcs(t.container)).toEqual([existing.url])
  })

  it('follows a parent that stores onChange, including two uploads finishing in one tick', async () => {
    const host = createFakeHost()
    const seen: UploadedItem[][] = []
    function Form() {
      const [value, setValue] = useState<UploadedItem[]>([existing])
      seen.push(value)
      return <CosUploader host={host} bucket={BUCKET} region={REGION} getCredentials={async () => stsAnswer()} value={value} onChange={setValue} />
    }
    const view = render(<Form />)
    await frame()
    await pick(host, [fakeFile('a.jpg'), fakeFile('b.jpg')])
    act(() => {
      host.scripted.uploads[1].succeed()
      host.scripted.uploads[0].succeed()
    })
    await frame()
    const keys = host.scripted.uploads.map((upload) => upload.request.formData.key)
    expect(seen.at(-1)!.map((item) => item.key)).toEqual([existing.key, ...keys])
    expect(statuses(view.container)).toEqual(['done', 'done', 'done'])
  })
})

it('switches every string when locale changes', async () => {
  const t = setup({ autoUpload: false, maxSize: 2048 })
  await frame()
  await pick(t.host, [fakeFile('a.jpg', 100), fakeFile('big.jpg', 4096)])
  expect(screen.getByText('等待上传')).toBeTruthy()
  expect(screen.getByText('1 张图片超过 2 KB，未上传')).toBeTruthy()
  t.rerenderWith({ locale: 'en' })
  expect(screen.getByText('Waiting')).toBeTruthy()
  expect(screen.getByText('1 image over 2 KB not uploaded')).toBeTruthy()
  expect(screen.getByLabelText('Add image')).toBeTruthy()
  t.rerenderWith({ locale: 'zh-CN' })
  expect(screen.getByText('等待上传')).toBeTruthy()
})

describe('signing mode', () => {
  it.each([
    ['neither', {}],
    ['both', { getCredentials: async () => stsAnswer(), getPostPolicy: async () => ({}) }],
  ])('with %s of getCredentials/getPostPolicy renders disabled with a clear InvalidInputError', async (_, signing) => {
    const host = createFakeHost()
    const onError = jest.fn()
    render(<CosUploader host={host} bucket={BUCKET} region={REGION} onError={onError} {...signing} />)
    await frame()
    expect(onError).toHaveBeenCalledTimes(1)
    const error = onError.mock.calls[0][0]
    expect(error).toBeInstanceOf(InvalidInputError)
    // The message names both options, so the integrator knows what to give.
    expect(error.diagnosis.message.en).toMatch(/getCredentials.*getPostPolicy/)
    expect(screen.getByText(error.diagnosis.message['zh-CN'])).toBeTruthy()
    expect(screen.getByLabelText('添加图片').getAttribute('aria-disabled')).toBe('true')
    fireEvent.click(screen.getByLabelText('添加图片'))
    await frame()
    expect(host.chooseImages).not.toHaveBeenCalled()
  })

  it('uploads with server-signed fields from getPostPolicy, without asking for credentials', async () => {
    const host = createFakeHost()
    const getPostPolicy = jest.fn(async (key: string) => ({ policy: 'cG9saWN5', 'q-sign-algorithm': 'sha1', 'q-ak': 'AKIDserver', 'q-key-time': '1;2', 'q-signature': 'f'.repeat(40), echo: key }))
    const onChange = jest.fn()
    render(<CosUploader host={host} bucket={BUCKET} region={REGION} getPostPolicy={getPostPolicy} onChange={onChange} />)
    await frame()
    await pick(host, [fakeFile('a.jpg', 321)])
    const { formData } = host.scripted.uploads[0].request
    expect(getPostPolicy).toHaveBeenCalledWith(formData.key, expect.objectContaining({ path: 'wxfile://tmp/a.jpg', size: 321 }),
      { attempt: expect.stringMatching(/^[0-9a-z]{20}$/) })
    expect(formData['q-ak']).toBe('AKIDserver')
    expect(formData.echo).toBe(formData.key)
    act(() => host.scripted.uploads[0].succeed())
    await frame()
    expect(onChange).toHaveBeenCalledWith([expect.objectContaining({ key: formData.key, size: 321 })])
  })

  it('rejects a bad bucket name before any network call', async () => {
    const host = createFakeHost()
    const onError = jest.fn()
    const getCredentials = jest.fn(async () => stsAnswer())
    render(<CosUploader host={host} bucket='Bad_Bucket' region={REGION} getCredentials={getCredentials} onError={onError} />)
    await frame()
    expect(onError.mock.calls[0][0]).toBeInstanceOf(InvalidInputError)
    expect(onError.mock.calls[0][0].code).toBe('invalid-bucket')
    expect(getCredentials).not.toHaveBeenCalled()
  })
})
