/** @jest-environment jsdom */
// The real weapp build of the demo's pages/basic (<CosUploader>): tap the add button → wx.chooseMedia →
// wx.request (STS /sts, prefetched on mount) → wx.uploadFile with progress → a tile that shows progress, then done,
// with the object's bytes in the emulator. `wx` is the WeChat-shaped fake; its network calls are real HTTP to the STS
// service and COS emulator started here on free ports. Nothing is routed: the demo reads the STS address from storage
// (as set on its home page) and asks the STS service for the emulator's (GET /bucket), as it does in WeChat DevTools.
// A file larger than the loopback socket buffers and the emulator's bandwidth limit keep the upload slow enough for
// progress to be seen. (Save to album is covered by the H5 e2e.)
import { useCosStack } from '../support/cos-stack'
import { addPhoto, callsTo, createFakeHost } from '../support/fake-hosts'
import { STS_URL_KEY } from '../../src/pages/demo-kit/settings'
import { ensureBuild, renderPage, until } from './simulate'

const PAGE = 'pages/basic/index'
const stack = useCosStack({ emulator: { faults: { bandwidthBytesPerSecond: 6 * 1024 * 1024 } } })

beforeAll(() => {
  ensureBuild('weapp', PAGE)
}, 120_000)

it('tap → a tile with progress → done, with the bytes in the emulator', async () => {
  const { emulator, sts } = stack
  const { api, device } = createFakeHost('weapp')
  device.storage[STS_URL_KEY] = sts.url
  const photo = addPhoto(device, 'photo.jpg', 8 * 1024 * 1024)
  const page = renderPage('weapp', api, PAGE)
  const html = () => page.root.dom.innerHTML
  await until(() => Boolean(page.root.querySelector('.cos-uploader__add')), () => html().slice(0, 1500))
  // Credentials are prefetched on mount, before any tap.
  const stsCalls = () => callsTo(device, 'request').filter((call) => call.url === `${sts.url}/sts`)
  await until(() => stsCalls().length === 1, () => JSON.stringify(device.calls.map((call) => call.api)))

  const seen = new Set<string>()
  const percents: number[] = []
  page.tap('.cos-uploader__add')
  await until(() => {
    const status = page.text('.cos-uploader__status')
    if (status) seen.add(status.replace(/\d+%/, 'N%'))
    const percent = /(\d+)%/.exec(status)
    if (percent && percents[percents.length - 1] !== Number(percent[1])) percents.push(Number(percent[1]))
    return Boolean(page.root.querySelector('.cos-uploader__tile--done') || page.root.querySelector('.cos-uploader__tile--error'))
  }, () => html().slice(0, 3000))

  // j-component answers undefined for no match.
  expect(page.root.querySelector('.cos-uploader__tile--error')).toBeUndefined()
  expect(page.root.querySelector('.cos-uploader__tile--done')).toBeDefined()
  expect(seen).toContain('上传中 N%')
  expect(percents.filter((percent) => percent > 0 && percent < 100).length).toBeGreaterThan(0)
  expect(callsTo(device, 'chooseMedia')[0]).toMatchObject({ count: 9, mediaType: ['image'] })
  expect(callsTo(device, 'request').map((call) => call.url)).toEqual([`${sts.url}/bucket`, `${sts.url}/sts`])
  expect((callsTo(device, 'uploadFile')[0] as { url: string }).url)
    .toBe(`http://examplebucket-1250000000.cos.${emulator.region}.localhost:${emulator.port}/`)
  const upload = callsTo(device, 'uploadFile')[0] as { formData: Record<string, string> }
  expect(upload.formData.key).toMatch(/^uploads\/basic\/\d{4}\/\d{2}\/\d{2}\/\w+\.jpg$/)
  expect(await emulator.readObject('examplebucket-1250000000', upload.formData.key)).toEqual(photo.bytes)
}, 60_000)
