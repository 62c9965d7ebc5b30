// Runs a page of a real Taro mini build under miniprogram-simulate: WeChat's official wcc compiles the templates
// (Taro's base templates, utils.wxs), j-component renders them, and the page's JS (React + Taro runtime + the
// library) runs against a host global in the host's documented shape. miniprogram-simulate only knows
// Component(), so App()/Page() are captured here and the page is registered as a component with its methods.
// QQ's build is WXML with `qq:` directives and .qml files: a copy with WeChat's names compiles the same way.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

const { asWechat } = require('../../scripts/wechat-check')

export const ROOT = join(__dirname, '..', '..')
export type SimulatedHost = 'weapp' | 'qq'
const GLOBAL: Record<SimulatedHost, string> = { weapp: 'wx', qq: 'qq' }

/** npm test builds every host first; a lone run builds the host here (~15 s). */
export function ensureBuild(host: string, page: string): string {
  const dist = join(ROOT, 'dist', host)
  if (existsSync(join(dist, `${page}.js`))) return dist
  const env: Record<string, string | undefined> = { ...process.env, NODE_ENV: 'production' }
  delete env.TARO_ENV
  const result = spawnSync(process.execPath, [require.resolve('@tarojs/cli/bin/taro'), 'build', '--type', host],
    { cwd: ROOT, env: env as NodeJS.ProcessEnv, encoding: 'utf8' })
  if (result.status !== 0 || !existsSync(join(dist, `${page}.js`))) {
    throw new Error(`taro build --type ${host} failed:\n${result.stdout}\n${result.stderr}`.slice(-4000))
  }
  return dist
}

interface PageConfig {
  data?: Record<string, unknown>
  onLoad(this: unknown, options: Record<string, string>): void
  onShow?(this: unknown): void
  onReady?(this: unknown): void
  [method: string]: unknown
}

interface Node { dom: HTMLElement; dispatchEvent(event: string, detail?: unknown): void }

export interface RenderedPage {
  /** The page's rendered DOM (j-component's virtual DOM, shaped like the template output). */
  root: { dom: HTMLElement; querySelector(selector: string): Node | null }
  text(selector: string): string
  tap(selector: string): void
  /** Types `value` into an <Input> (its input event, as the host fires it). */
  type(selector: string, value: string): void
}

/**
 * Boots app.js with `api` as the host global and renders `page` (e.g. 'pages/probe/index'), from the demo's
 * dist/<host> or from `dist` (another app's build).
 */
export function renderPage(host: SimulatedHost, api: Record<string, unknown>, page: string, dist?: string): RenderedPage {
  const built = dist ?? ensureBuild(host, page)
  const appDir = asWechat(built, host)
  const g = globalThis as Record<string, unknown>
  const pages: unknown[] = []
  let app: Record<string, (...args: unknown[]) => void> | undefined
  let pageConfig: PageConfig | undefined
  g[GLOBAL[host]] = api
  g.App = (config: typeof app) => { app = config }
  g.getApp = () => app
  g.getCurrentPages = () => pages
  g.Page = (config: PageConfig) => { pageConfig = config }
  g.requirePlugin = () => ({})

  const simulate = require('miniprogram-simulate')
  const { getWxml } = require('miniprogram-simulate/src/compile')
  require(join(appDir, 'app.js'))
  app!.onLaunch?.call(app, { path: page, query: {}, scene: 1001 })
  app!.onShow?.call(app, { path: page, query: {}, scene: 1001 })
  const comp = simulate.load(join(appDir, 'comp'), 'comp', { rootPath: appDir })
  require(join(appDir, `${page}.js`))
  const config = pageConfig!
  const methods: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(config)) if (typeof value === 'function') methods[name] = value
  const id = simulate.load({
    id: `page-${host}-${page.replace(/\W/g, '-')}`,
    template: getWxml(join(appDir, page), { compiler: 'official', rootPath: appDir }),
    usingComponents: { comp },
    data: config.data ?? {},
    methods,
    lifetimes: {
      attached(this: Record<string, unknown>) {
        this.route = page
        this.__route__ = page
        pages.push(this)
        config.onLoad.call(this, {})
        config.onShow?.call(this)
        config.onReady?.call(this)
      },
    },
  })
  const root = simulate.render(id)
  root.attach(document.createElement('parent-wrapper'))
  const find = (selector: string): Node => {
    const node = root.querySelector(selector)
    if (!node) throw new Error(`no ${selector} in ${root.dom.innerHTML.slice(0, 2000)}`)
    return node
  }
  return {
    root,
    text: (selector) => root.querySelector(selector)?.dom.textContent ?? '',
    tap: (selector) => find(selector).dispatchEvent('tap'),
    type: (selector, value) => find(selector).dispatchEvent('input', { detail: { value, cursor: value.length } }),
  }
}

/** Polls the rendered page until `check` holds (30 s at most: real HTTP on a loaded machine). */
export async function until(check: () => boolean, what: () => string): Promise<void> {
  const started = Date.now()
  while (!check()) {
    if (Date.now() - started > 30_000) throw new Error(`timed out; page shows: ${what()}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
