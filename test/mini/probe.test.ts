/** @jest-environment jsdom */
// The real weapp build of pages/probe: tap → wx.chooseMedia → wx.request (STS /post-policy) → wx.uploadFile with
// progress → the result in the rendered WXML. `wx` is the WeChat-shaped fake; its network calls are real HTTP to the
// STS service and the COS emulator started here on free ports (the STS address in storage, as the demo's home page
// sets it; the emulator's from the STS service).
import { useCosStack } from '../support/cos-stack'
import { addPhoto, callsTo, createFakeHost } from '../support/fake-hosts'
import { STS_URL_KEY } from '../../src/pages/demo-kit/settings'
import { ensureBuild, renderPage, until } from './simulate'

const PAGE = 'pages/probe/index'
const stack = useCosStack()

beforeAll(() => {
  ensureBuild('weapp', PAGE)
}, 120_000)

it('renders the capability table, then tap → pick → upload with progress → status:done:204 in the WXML', async () => {
  const { emulator, sts } = stack
  const { api, device } = createFakeHost('weapp')
  device.storage[STS_URL_KEY] = sts.url
  const photo = addPhoto(device, 'photo.jpg', 300 * 1024)
  const page = renderPage('weapp', api, PAGE)
  await until(() => page.text('.probe-host').length > 0, () => page.root.dom.innerHTML.slice(0, 1500))
  expect(page.text('.probe-host')).toBe('host:weapp')
  expect(page.root.dom.textContent).toContain('upload:on')
  expect(page.text('.probe-status')).toBe('status:idle')

  page.tap('.probe-upload')
  await until(() => /status:(done|error)/.test(page.text('.probe-status')), () => page.text('.probe-status'))

  expect(page.text('.probe-status')).toBe('status:done:204')
  expect(page.text('.probe-percent')).toBe('progress:100')
  expect(callsTo(device, 'chooseMedia')[0]).toMatchObject({ count: 1, mediaType: ['image'] })
  const upload = callsTo(device, 'uploadFile')[0] as { formData: Record<string, string>; name: string }
  expect(upload.name).toBe('file')
  expect(await emulator.readObject('examplebucket-1250000000', upload.formData.key)).toEqual(photo.bytes)
}, 60_000)
