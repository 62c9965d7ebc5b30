/** @jest-environment jsdom */
// The uni-app demo's mp-weixin build, its AccessDenied page (<CosUploader> imported by its path): a temporary key
// that may read but not upload (the STS service's `read-only` preset) → the emulator answers 403 AccessDenied → the
// tile says it failed, and a tap shows the diagnosis with COS's Code and RequestId in wx.showModal. The page's own
// content goes into the add button (the default slot). Nothing is stored.
import { STS_URL_KEY } from '../../examples/uni-app/src/demo/settings'
import { DEMO_STS_PRESETS } from '../../config/demo-env'
import { useCosStack } from '../support/cos-stack'
import { addPhoto, callsTo, createFakeHost } from '../support/fake-hosts'
import { ensureUniBuild, renderUniPage, until } from './uni-simulate'

const IN = '.denied-uploader >>> '
const stack = useCosStack({ presets: DEMO_STS_PRESETS })
let dist: string

beforeAll(() => {
  dist = ensureUniBuild()
}, 600_000)

it('a read-only key: the tile fails with AccessDenied, a tap shows the diagnosis, the object is not stored', async () => {
  const { emulator, sts } = stack
  const { api, device } = createFakeHost('weapp')
  device.storage[STS_URL_KEY] = sts.url
  addPhoto(device, 'photo.jpg', 64 * 1024)
  const page = renderUniPage(api, 'pages/errors/index', dist)
  await until(page, () => Boolean(page.root.querySelector(`${IN}.cos-uploader__add`)))
  expect(page.text(`${IN}.cos-uploader__add`)).toBe('上传 Upload')

  page.tap(`${IN}.cos-uploader__add`)
  await until(page, () => Boolean(page.root.querySelector(`${IN}.cos-uploader__tile--error`)))
  expect(page.text(`${IN}.cos-uploader__error`)).toBe('上传失败 · 点按查看')
  expect(callsTo(device, 'request').find((call) => call.url === `${sts.url}/sts`)).toMatchObject({ data: { scope: 'read-only' } })
  const upload = callsTo(device, 'uploadFile')[0] as { formData: Record<string, string> }
  expect(upload.formData.key).toMatch(/^uploads\/uni-denied\//)
  await until(page, () => page.text('.demo-failure') !== '')
  expect(page.text('.demo-failure')).toBe('access-denied')

  page.tap(`${IN}.cos-uploader__error`)
  await until(page, () => callsTo(device, 'showModal').length === 1)
  const { title, content } = callsTo(device, 'showModal')[0] as { title: string; content: string }
  // The emulator names the action the key lacks, as COS does; the diagnosis names it and the key.
  const expected = `无权限：STS 策略需允许对 ${upload.formData.key} 执行 name/cos:PostObject（检查 action 与 allowPrefix）`
  expect(title).toBe('上传失败')
  expect(content.split('\n')).toEqual([expected, 'Code: AccessDenied', expect.stringMatching(/^RequestId: \S+$/)])
  expect(await emulator.readObject('examplebucket-1250000000', upload.formData.key)).toBeUndefined()
}, 90_000)
