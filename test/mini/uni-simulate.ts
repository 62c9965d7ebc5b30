// Runs a page of the uni-app demo's real mp-weixin build (dist/uni-weapp) under miniprogram-simulate: WeChat's
// official wcc compiles the templates, j-component renders them, and the page's JS (uni's mp runtime + Vue + the
// library) runs against a `wx` in WeChat's documented shape. uni registers pages and components with Component(),
// which miniprogram-simulate knows; App, getApp, getCurrentPages and Page are the globals it lacks.
import { existsSync } from 'node:fs'
import { join } from 'node:path'

const { buildUniDemo, uniDemoDir } = require('../../scripts/uni-demo')

/** npm test builds the demo first; a lone run builds it here (the demo app is installed once, outside the repo). */
export function ensureUniBuild(): string {
  const dist = uniDemoDir('mp-weixin')
  return existsSync(join(dist, 'app.js')) ? dist : buildUniDemo('mp-weixin')
}

interface Node { dom: HTMLElement; dispatchEvent(event: string, detail?: unknown): void }

interface ExparserNode { childNodes: ExparserNode[]; shadowRoot?: ExparserNode; triggerLifeTime?(name: string): void }

export interface RenderedUniPage {
  root: { dom: HTMLElement; querySelector(selector: string): Node | undefined; querySelectorAll(selector: string): Node[] }
  /**
   * WeChat runs a component's `ready` once it is laid out, also for one created after the page (uni calls Vue's
   * mounted there); j-component runs it only for what exists at attach. This runs it for the components added since.
   */
  readyAdded(): void
  html(): string
  text(selector: string): string
  tap(selector: string): void
}

/** Boots app.js with `wx` as the host global and renders `page` (e.g. 'pages/index/index') of the build in `dist`. */
export function renderUniPage(wx: Record<string, unknown>, page: string, dist: string): RenderedUniPage {
  const g = globalThis as Record<string, unknown>
  const pages: unknown[] = []
  let app: Record<string, ((...args: unknown[]) => void) | undefined> | undefined
  g.wx = wx
  g.App = (config: typeof app) => { app = config }
  g.getApp = () => app
  g.getCurrentPages = () => pages
  g.Page = () => { throw new Error('uni-app builds pages with Component(), never Page()') }
  g.requirePlugin = () => ({})

  const simulate = require('miniprogram-simulate')
  require(join(dist, 'app.js'))
  app!.onLaunch?.call(app, { path: page, query: {}, scene: 1001 })
  app!.onShow?.call(app, { path: page, query: {}, scene: 1001 })
  const id = simulate.load(join(dist, page), { rootPath: dist, compiler: 'official' })
  const root = simulate.render(id)
  pages.push(root.instance)
  const exparser = require('miniprogram-exparser')
  const readied = new WeakSet<ExparserNode>()
  const walk = (node: ExparserNode, visit: (node: ExparserNode) => void) => {
    if (node instanceof exparser.Component) visit(node)
    if (node.shadowRoot && node.shadowRoot instanceof exparser.Element) walk(node.shadowRoot, visit)
    for (const child of node.childNodes) if (child instanceof exparser.Element) walk(child, visit)
  }
  const exparserRoot = (root as unknown as { _exparserNode: ExparserNode })._exparserNode
  root.attach(document.createElement('parent-wrapper'))
  walk(exparserRoot, (node) => readied.add(node))
  const html = () => root.dom.innerHTML
  return {
    root,
    html,
    readyAdded: () => walk(exparserRoot, (node) => {
      if (readied.has(node)) return
      readied.add(node)
      node.triggerLifeTime!('ready')
    }),
    text: (selector) => root.querySelector(selector)?.dom.textContent ?? '',
    tap(selector) {
      const node = root.querySelector(selector)
      if (!node) throw new Error(`no ${selector} in ${html().slice(0, 2000)}`)
      node.dispatchEvent('tap')
    },
  }
}

/** Polls the page until `check` holds (30 s at most: real HTTP on a loaded machine), readying what was added. */
export async function until(page: RenderedUniPage, check: () => boolean): Promise<void> {
  const started = Date.now()
  for (page.readyAdded(); !check(); page.readyAdded()) {
    if (Date.now() - started > 30_000) throw new Error(`timed out; page shows: ${page.html().slice(0, 3000)}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
