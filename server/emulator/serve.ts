// Plumbing for the long-running servers (emulator, sts, npm start): numeric flags, running until
// SIGINT/SIGTERM; listening and JSON answers shared by the emulator, the STS service and the demo server.
import type { Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A flag's number, or `fallback` when absent; throws naming the flag when it isn't a number. */
export function numberFlag(value: string | undefined, flag: string, fallback?: number): number | undefined {
  if (value === undefined) return fallback
  const parsed = Number(value)
  if (value.trim() === '' || !isFinite(parsed)) throw new Error(`--${flag} must be a number`)
  return parsed
}

/** Resolves on the first SIGINT or SIGTERM, after `stop` has run. */
export function untilStopped(stop: () => Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    const onSignal = () => {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
      stop().then(resolve, reject)
    }
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
  })
}

export interface Listening {
  url: string
  port: number
  /** Stops listening and drops keep-alive connections. */
  close(): Promise<void>
}

/** Listens on host:port (0 = a free port) and answers the URL, e.g. `http://127.0.0.1:9000`. */
export async function listen(server: Server, port: number, host: string): Promise<Listening> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
  const actual = (server.address() as AddressInfo).port
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${actual}`,
    port: actual,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    }),
  }
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value)
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)), ...headers })
  res.end(body)
}
