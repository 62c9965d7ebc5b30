// STS failures for the soak: a front to the STS service that answers a fetch with a 502, a body without
// tmpSecretKey, or too slowly, as scheduled, and passes every other fetch through.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export type StsFault = '5xx' | 'malformed' | 'slow'

export interface FaultySts {
  url: string
  /** The next fetches get these faults, in order. */
  schedule(...faults: StsFault[]): void
  /** Fetches answered with keys, and faults served, by kind. */
  counts(): { served: number; faults: Record<StsFault, number> }
  close(): Promise<void>
}

export async function startFaultySts(target: string, slowMs: number): Promise<FaultySts> {
  const pending: StsFault[] = []
  const faults: Record<StsFault, number> = { '5xx': 0, malformed: 0, slow: 0 }
  let served = 0
  const server: Server = createServer(async (req, res) => {
    const fault = pending.shift()
    if (fault) faults[fault]++
    if (fault === '5xx') return void res.writeHead(502, { 'Content-Type': 'text/html' }).end('<html>502 Bad Gateway</html>')
    if (fault === 'slow') await new Promise((resolve) => setTimeout(resolve, slowMs))
    try {
      const answer = await fetch(target + (req.url || '/'))
      const body = await answer.json() as { credentials: Record<string, string> }
      if (fault === 'malformed') delete body.credentials.tmpSecretKey
      if (!fault) served++
      if (!res.destroyed) res.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body))
    } catch {
      // The run ended while a slow answer was still waiting: nobody is listening any more.
      res.destroy()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    schedule: (...next) => void pending.push(...next),
    counts: () => ({ served, faults: { ...faults } }),
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    }),
  }
}
