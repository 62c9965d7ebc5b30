/** @jest-environment jsdom */
// The uni-app demo's real mp-weixin build (examples/uni-app installed from the tarball, `uni build -p mp-weixin`):
// its home page uses <cos-uploader> through easycom. The component is a real mini-program component of the page
// (usingComponents points into the package), it renders, and a tap uploads: wx.chooseMedia → the STS service (the
// address saved in storage, as on the home page in WeChat DevTools; the bucket from GET /bucket) → wx.uploadFile
// with progress → done, with this upload's exact bytes in the emulator and the item in the page's v-model list.
// `wx` is the WeChat-shaped fake; its network calls are real HTTP to the services started here on free ports.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { STS_URL_KEY } from '../../examples/uni-app/src/demo/settings'
import { useCosStack } from '../support/cos-stack'
import { addPhoto, callsTo, createFakeHost } from '../support/fake-hosts'
import { ensureUniBuild, renderUniPage, until } from './uni-simulate'

const COMPONENT = 'node-modules/taro-cos-uploader/uni/CosUploader'
// Inside the component: exparser's `>>>` crosses into a custom component's shadow tree.
const IN = '.basic-uploader >>> '
const stack = useCosStack({ emulator: { faults: { bandwidthBytesPerSecond: 6 * 1024 * 1024 } } })
let dist: string

beforeAll(() => {
  dist = ensureUniBuild()
}, 600_000)

it('compiles the component from the package into the build, and both pages name it in usingComponents (easycom, path import)', () => {
  for (const ext of ['js', 'json', 'wxml']) expect(existsSync(join(dist, `${COMPONENT}.${ext}`))).toBe(true)
  for (const page of ['pages/index/index', 'pages/errors/index']) {
    expect(JSON.parse(readFileSync(join(dist, `${page}.json`), 'utf8')).usingComponents).toEqual({ 'cos-uploader': `../../${COMPONENT}` })
  }
  // No copy of React or Taro in a uni-app build.
  expect(readFileSync(join(dist, 'common/vendor.js'), 'utf8')).not.toMatch(/@tarojs|react-reconciler|__SECRET_INTERNALS/)
})

it('tap → a tile with progress → done, the bytes in the emulator, the item in v-model', async () => {
  const { emulator, sts } = stack
  const { api, device } = createFakeHost('weapp')
  device.storage[STS_URL_KEY] = sts.url
  const photo = addPhoto(device, 'photo.jpg', 8 * 1024 * 1024)
  const page = renderUniPage(api, 'pages/index/index', dist)
  await until(page, () => Boolean(page.root.querySelector(`${IN}.cos-uploader__add`)))
  // Credentials are prefetched once the component is mounted, before any tap.
  await until(page, () => callsTo(device, 'request').length === 2)
  expect(page.text(`${IN}.cos-uploader__add`)).toBe('+')

  const percents: number[] = []
  page.tap(`${IN}.cos-uploader__add`)
  await until(page, () => {
    const percent = /上传中 (\d+)%/.exec(page.text(`${IN}.cos-uploader__status`))
    if (percent && percents.at(-1) !== Number(percent[1])) percents.push(Number(percent[1]))
    return Boolean(page.root.querySelector(`${IN}.cos-uploader__tile--done`) || page.root.querySelector(`${IN}.cos-uploader__tile--error`))
  })

  expect(page.root.querySelector(`${IN}.cos-uploader__tile--error`)).toBeUndefined()
  expect(percents.filter((percent) => percent > 0 && percent < 100).length).toBeGreaterThan(0)
  expect(callsTo(device, 'chooseMedia')[0]).toMatchObject({ count: 9, mediaType: ['image'] })
  expect(callsTo(device, 'request').map((call) => call.url)).toEqual([`${sts.url}/bucket`, `${sts.url}/sts`])
  const upload = callsTo(device, 'uploadFile')[0] as { url: string; formData: Record<string, string> }
  expect(upload.url).toBe(`http://examplebucket-1250000000.cos.${emulator.region}.localhost:${emulator.port}/`)
  expect(upload.formData.key).toMatch(/^uploads\/uni\/\d{4}\/\d{2}\/\d{2}\/\w+\.jpg$/)
  expect(await emulator.readObject('examplebucket-1250000000', upload.formData.key)).toEqual(photo.bytes)
  await until(page, () => page.text('.demo-item') !== '')
  expect(page.text('.demo-item')).toBe(`${upload.formData.key} · ${photo.bytes.length} B`)
  expect(page.text('.demo-log')).toBe(`done ${upload.formData.key} (${photo.bytes.length} B)`)
}, 90_000)
