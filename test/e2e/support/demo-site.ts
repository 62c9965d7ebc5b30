// A demo's H5 build served the way `npm start` serves it, on free ports: the COS emulator, the demo server (which tells
// the page the STS address at /demo-config.json) and the STS service (which lets the page's origin call it, with the
// demo's scope presets, and tells the page the emulator's address at GET /bucket).
import { DEMO_STS_PRESETS } from '../../../config/demo-env'
import { startDemoServer, type RunningDemoServer } from '../../../server/demo-server'
import { startEmulator, type RunningEmulator } from '../../../server/emulator'
import { startSts, type RunningSts } from '../../../server/sts'

export interface DemoSite {
  emulator: RunningEmulator
  sts: RunningSts
  site: RunningDemoServer
  close(): Promise<void>
}

export async function startDemoSite(root: string): Promise<DemoSite> {
  const emulator = await startEmulator({ quiet: true })
  let sts: RunningSts | undefined
  const site = await startDemoServer({ root, stsUrl: () => sts?.url })
  sts = await startSts({ emulator, quiet: true, corsOrigins: [site.url.replace(/\/$/, '')], presets: DEMO_STS_PRESETS })
  const running = sts
  return { emulator, sts, site, close: async () => { await Promise.all([running.close(), site.close(), emulator.close()]) } }
}
