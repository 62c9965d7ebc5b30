// Tile images of uploaded items: the local file while other files are still uploading (fetching the object back
// would compete with the uploads), the object's signed URL once the uploader is idle.
import { act } from '@testing-library/react'
import { fakeFile } from './support/fakeHost'
import { BUCKET, frame, NOW, pick, REGION, setup, stsAnswer } from './support/render'

beforeEach(() => jest.useFakeTimers({ now: NOW }))
afterEach(() => jest.useRealTimers())

const doneImages = (container: HTMLElement) =>
  Array.from(container.querySelectorAll('.cos-uploader__tile--done .cos-uploader__image'), (image) => image.getAttribute('src')!)

it('shows the local file of a finished upload until the last upload settles, then the signed object URL', async () => {
  const t = setup()
  await frame()
  await pick(t.host, [fakeFile('a.jpg'), fakeFile('b.jpg')])
  const [a, b] = ['a.jpg', 'b.jpg'].map((name) => t.host.scripted.of(`wxfile://tmp/${name}`))

  act(() => a.succeed())
  await frame()
  expect(doneImages(t.container)).toEqual(['wxfile://tmp/a.jpg'])

  // A failed upload doesn't keep the uploader busy.
  act(() => b.failWith(403, 'AccessDenied', 'Access Denied.'))
  await frame()
  const srcs = doneImages(t.container)
  expect(srcs.map((src) => src.split('?')[0])).toEqual([`https://${BUCKET}.cos.${REGION}.myqcloud.com/${a.request.formData.key}`])
  expect(srcs[0]).toMatch(/q-signature=[0-9a-f]{40}/)
})

it("shows the picker's small copy (H5's thumbTempFilePath) instead of the full file while uploading", async () => {
  const t = setup()
  await frame()
  await pick(t.host, ['a.jpg', 'b.jpg'].map((name) => ({ ...fakeFile(name), thumbPath: `data:image/jpeg;base64,${name}` })))
  const images = () => Array.from(t.container.querySelectorAll('.cos-uploader__image'), (image) => image.getAttribute('src'))
  expect(images()).toEqual(['data:image/jpeg;base64,a.jpg', 'data:image/jpeg;base64,b.jpg'])

  act(() => t.host.scripted.of('wxfile://tmp/a.jpg').succeed())
  await frame()
  expect(doneImages(t.container)).toEqual(['data:image/jpeg;base64,a.jpg'])
  // The full file is what gets uploaded.
  expect(t.host.scripted.of('wxfile://tmp/b.jpg').request.filePath).toBe('wxfile://tmp/b.jpg')
})

it('keeps a signed thumbnail URL while it is valid, and signs it again (new credentials by then) before it expires', async () => {
  const item = { key: 'users/1/photo.jpg', url: `https://${BUCKET}.cos.${REGION}.myqcloud.com/users/1/photo.jpg`, size: 10 }
  const t = setup({ defaultValue: [item] })
  await frame()
  const src = () => doneImages(t.container)[0]
  const first = src()
  // The credentials (stsAnswer) last 30 minutes, and so does a URL signed with them.
  expect(first).toContain(`q-sign-time=${NOW / 1000};${NOW / 1000 + 1800}`)
  expect(first).toContain('x-cos-security-token=token1')

  await frame(25 * 60_000)
  expect(src()).toBe(first)
  expect(t.getCredentials).toHaveBeenCalledTimes(1)

  await frame(4 * 60_000)
  const renewed = src()
  expect(renewed.split('?')[0]).toBe(item.url)
  expect(renewed).toContain('x-cos-security-token=token2')
  expect(t.getCredentials).toHaveBeenCalledTimes(2)
})

it('a thumbnail whose signing failed (STS down) is asked again after each pause, without any other change, until signed', async () => {
  const item = { key: 'users/1/photo.jpg', url: `https://${BUCKET}.cos.${REGION}.myqcloud.com/users/1/photo.jpg`, size: 10 }
  let stsDown = true
  let issued = 0
  const getCredentials = jest.fn(async () => {
    if (stsDown) throw new Error('STS unreachable')
    return stsAnswer(++issued)
  })
  const t = setup({ defaultValue: [item], getCredentials })
  await frame()
  expect(doneImages(t.container)).toEqual([item.url])
  const asked = getCredentials.mock.calls.length

  // Still down at the first pause: asked again, still unsigned.
  await frame(31_000)
  expect(getCredentials.mock.calls.length).toBeGreaterThan(asked)
  expect(doneImages(t.container)).toEqual([item.url])
  stsDown = false

  await frame(31_000)
  const [src] = doneImages(t.container)
  expect(src.split('?')[0]).toBe(item.url)
  expect(src).toContain('x-cos-security-token=token1')
})
