// Runs a page of the real dist/weapp build under miniprogram-simulate: WeChat's official wcc compiles the WXML
// (Taro's base.wxml templates, utils.wxs), j-component renders it, and the page's JS (React + Taro runtime +
// the library) runs against a `wx` in WeChat's documented shape. miniprogram-simulate only knows Component(),
// so App()/Page() are captured here and the page is registered as a component with the page's methods.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

export const ROOT = join(__dirname, '..', '..')
export const DIST = join(ROOT, 'dist', 'weapp')

/** npm test builds every host first; a lone run builds weapp here (~15 s). */
export function ensureWeappBuild(page: string): void {
  if (existsSync(join(DIST, `${page}.js`))) return
  const env: Record<string, string | undefined> = { ...process.env, NODE_ENV: 'production' }
  delete env.TARO_ENV
  const result = spawnSync(process.execPath, [require.resolve('@tarojs/cli/bin/taro'), 'build', '--type', 'weapp'], { cwd: ROOT, env: env as NodeJS.ProcessEnv, encoding: 'utf8' })
  if (result.status !== 0 || !existsSync(join(DIST, `${page}.js`))) {
    throw new Error(`taro build --type weapp failed:\n${result.stdout}\n${result.stderr}`.slice(-4000))
  }
}

interface PageConfig {
  data?: Record<string, unknown>
  onLoad(this: unknown, options: Record<string, string>): void
  onShow?(this: unknown): void
  onReady?(this: unknown): void
  [method: string]: unknown
}

export interface RenderedPage {
  /** The page's rendered DOM (j-component's virtual DOM, shaped like the WXML output). */
  root: { dom: HTMLElement; querySelector(selector: string): { dom: HTMLElement; dispatchEvent(event: string, detail?: unknown): void } | null }
  text(selector: string): string
  tap(selector: string): void
}

/** Boots app.js with `wx` as the host global and renders `page` (e.g. 'pages/probe/index'). */
export function renderPage(wx: Record<string, unknown>, page: string): RenderedPage {
  const g = globalThis as Record<string, unknown>
  const pages: unknown[] = []
  let app: Record<string, (...args: unknown[]) => void> | undefined
  let pageConfig: PageConfig | undefined
  g.wx = wx
  g.App = (config: typeof app) => { app = config }
  g.getApp = () => app
  g.getCurrentPages = () => pages
  g.Page = (config: PageConfig) => { pageConfig = config }
  g.requirePlugin = () => ({})

  const simulate = require('miniprogram-simulate')
  const { getWxml } = require('miniprogram-simulate/src/compile')
  require(join(DIST, 'app.js'))
  app!.onLaunch?.call(app, { path: page, query: {}, scene: 1001 })
  app!.onShow?.call(app, { path: page, query: {}, scene: 1001 })
  const comp = simulate.load(join(DIST, 'comp'), 'comp', { rootPath: DIST })
  require(join(DIST, `${page}.js`))
  const config = pageConfig!
  const methods: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(config)) if (typeof value === 'function') methods[name] = value
  const id = simulate.load({
    id: `page-${page.replace(/\W/g, '-')}`,
    template: getWxml(join(DIST, page), { compiler: 'official', rootPath: DIST }),
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
  return {
    root,
    text: (selector) => root.querySelector(selector)?.dom.textContent ?? '',
    tap: (selector) => {
      const node = root.querySelector(selector)
      if (!node) throw new Error(`no ${selector} in ${root.dom.innerHTML.slice(0, 2000)}`)
      node.dispatchEvent('tap')
    },
  }
}
