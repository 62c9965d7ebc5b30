// The fault admin endpoint, `/_emulator/faults`, answered on loopback only: GET reads, PUT/POST merges JSON.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { parseFaults, type FaultConfig } from './faults'
import { sendJson } from './serve'

export const ADMIN_PATH = '/_emulator/faults'

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/

/** Whether a socket's remote address is this machine's loopback (IPv4, IPv6, or IPv4-mapped IPv6). */
export function isLoopbackClient(remoteAddress: string | undefined): boolean {
  return LOOPBACK.test(remoteAddress || '')
}

export async function handleAdmin(req: IncomingMessage, res: ServerResponse, faults: () => FaultConfig, setFaults: (f: Partial<FaultConfig>) => void): Promise<void> {
  if (!isLoopbackClient(req.socket.remoteAddress)) return sendJson(res, 403, { error: 'the admin endpoint answers loopback clients only' })
  if (req.method === 'GET') return sendJson(res, 200, faults())
  if (req.method !== 'PUT' && req.method !== 'POST') return sendJson(res, 405, { error: 'use GET, or PUT/POST a JSON object' })
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  let input: unknown
  try {
    input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}')
  } catch {
    // Not JSON.parse's message: it quotes the body.
    return sendJson(res, 400, { error: 'the body must be a JSON object of faults' })
  }
  try {
    setFaults(parseFaults(input))
  } catch (error) {
    return sendJson(res, 400, { error: (error as Error).message })
  }
  sendJson(res, 200, faults())
}
