/** @jest-environment jsdom */
// The demo's home page in the real weapp build: the STS address set there at run time (what WeChat DevTools needs
// when the STS service isn't on the build's default port) is kept in storage, and the page shows what that service
// says about where to upload — the emulator's address, learned with no rebuild.
import { createServer } from 'node:net'
import { STS_URL_KEY } from '../../src/pages/demo-kit/settings'
import { useCosStack } from '../support/cos-stack'
import { createFakeHost } from '../support/fake-hosts'
import { ensureBuild, renderPage, until } from './simulate'

const PAGE = 'pages/index/index'
const stack = useCosStack()

/** An address nothing listens on: a port taken, then let go. */
async function deadAddress(): Promise<string> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return `http://127.0.0.1:${port}`
}

beforeAll(() => {
  ensureBuild('weapp', PAGE)
}, 120_000)

it('an unreachable STS address is said so; the one typed and saved is kept and shows the emulator address', async () => {
  const { emulator, sts } = stack
  const { api, device } = createFakeHost('weapp')
  const dead = await deadAddress()
  device.storage[STS_URL_KEY] = dead
  const page = renderPage('weapp', api, PAGE)
  await until(() => page.text('.sts-status').includes('not reachable'), () => page.text('.sts-status'))
  expect(page.text('.sts-status')).toBe(`the STS service at ${dead} is not reachable`)

  page.type('.sts-url', `${sts.url}/`)
  page.tap('.sts-save')
  await until(() => page.text('.sts-status').startsWith(`STS ${sts.url} `), () => page.text('.sts-status'))
  expect(page.text('.sts-status'))
    .toBe(`STS ${sts.url} → examplebucket-1250000000 · ${emulator.region} · http://{bucket}.cos.{region}.localhost:${emulator.port}`)
  expect(device.storage[STS_URL_KEY]).toBe(sts.url)
}, 60_000)
