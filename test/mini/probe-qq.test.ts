/** @jest-environment jsdom */
// The real QQ build of pages/probe: upload is gated (COS documents WeChat only), so the page shows the reason
// instead of an upload button — and nothing is picked or uploaded.
import { createFakeHost } from '../support/fake-hosts'
import { ensureBuild, renderPage, until } from './simulate'

const PAGE = 'pages/probe/index'

beforeAll(() => {
  ensureBuild('qq', PAGE)
}, 120_000)

it('renders the gate reason, not an upload button', async () => {
  const { api, device } = createFakeHost('qq')
  const page = renderPage('qq', api, PAGE)
  await until(() => page.text('.probe-host').length > 0, () => page.root.dom.innerHTML.slice(0, 1500))
  expect(page.text('.probe-host')).toBe('host:qq')
  expect(page.root.querySelector('.probe-upload')).toBeUndefined()
  expect(page.text('.probe-gate')).toContain('host-unverified')
  expect(page.text('.probe-gate')).toContain('allowUnverifiedHosts')
  expect(page.text('.probe-gate')).toContain('微信小程序')
  expect(page.root.dom.textContent).toContain('upload:off (host-unverified)')
  expect(page.root.dom.textContent).toContain('pick:on')
  expect(device.calls.map((call) => call.api)).not.toContain('uploadFile')
}, 60_000)
