// A static server for the demo's H5 build (dist/h5), with the single-page-app fallback to index.html, and the
// demo's run-time settings at /demo-config.json (the STS service's address: nothing about ports is compiled in).
import { createReadStream, promises as fs } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { listen, sendJson } from './emulator/serve'

const CONFIG_PATH = '/demo-config.json'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.map': 'application/json', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg',
  '.gif': 'image/gif', '.svg': 'image/svg+xml', '.ico': 'image/x-icon', '.webp': 'image/webp', '.woff': 'font/woff',
  '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.txt': 'text/plain; charset=utf-8',
}

export interface DemoServerOptions {
  /** The built site. Default dist/h5. */
  root?: string
  /** Default 0 (a free port). */
  port?: number
  /** Default 127.0.0.1. */
  host?: string
  /**
   * The STS service's address, answered at GET /demo-config.json as `{"stsUrl": …}`; a function is asked at each
   * request (the STS service may start after this server, to allow this server's origin).
   */
  stsUrl?: string | (() => string | undefined)
}

export interface RunningDemoServer {
  url: string
  port: number
  close(): Promise<void>
}

async function fileAt(root: string, urlPath: string): Promise<string | undefined> {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return undefined
  }
  const path = normalize(join(root, decoded))
  if (path !== root && !path.startsWith(root + sep)) return undefined
  const stat = await fs.stat(path).catch(() => undefined)
  if (stat?.isFile()) return path
  if (stat?.isDirectory()) return fileAt(root, join(decoded, 'index.html'))
  return undefined
}

function serve(res: ServerResponse, path: string, method: string, size: number): void {
  res.writeHead(200, { 'Content-Type': TYPES[extname(path).toLowerCase()] || 'application/octet-stream', 'Content-Length': size, 'Cache-Control': 'no-cache' })
  if (method === 'HEAD') return void res.end()
  createReadStream(path).on('error', () => res.destroy()).pipe(res)
}

async function handle(root: string, config: () => Record<string, string>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, { Allow: 'GET, HEAD' }).end()
  const urlPath = (req.url || '/').split(/[?#]/)[0]
  if (urlPath === CONFIG_PATH) return sendJson(res, 200, config(), { 'Cache-Control': 'no-store' })
  // Routes of the app (no file extension) fall back to index.html; a missing asset is a plain 404.
  const path = (await fileAt(root, urlPath)) || (extname(urlPath) ? undefined : await fileAt(root, '/index.html'))
  if (!path) return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found\n')
  serve(res, path, req.method, (await fs.stat(path)).size)
}

export async function startDemoServer(options: DemoServerOptions = {}): Promise<RunningDemoServer> {
  const root = resolve(options.root || 'dist/h5')
  const config = (): Record<string, string> => {
    const stsUrl = typeof options.stsUrl === 'function' ? options.stsUrl() : options.stsUrl
    return stsUrl ? { stsUrl } : {}
  }
  const server = createServer((req, res) => {
    handle(root, config, req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end()
    })
  })
  const listening = await listen(server, options.port ?? 0, options.host || '127.0.0.1')
  return { ...listening, url: listening.url + '/' }
}
