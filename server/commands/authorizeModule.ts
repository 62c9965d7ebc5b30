// `sts --authorize <module>`: your user check, loaded from a module of your app that exports `authorize(req)`
// (CommonJS or ESM; a default export of the function works too).
import type { IncomingMessage } from 'node:http'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

type Authorize = (req: IncomingMessage) => boolean | Promise<boolean>

// A real import(), which loads CommonJS and ESM alike; the CLI bundle would otherwise compile it to require().
const importModule = new Function('url', 'return import(url)') as (url: string) => Promise<Record<string, unknown>>

export async function loadAuthorizeModule(file: string): Promise<Authorize> {
  let loaded: Record<string, unknown>
  try {
    loaded = await importModule(pathToFileURL(resolve(file)).href)
  } catch (error) {
    // The path is the user's input: the error says which flag, and Node's code, not the path.
    throw new Error(`--authorize: cannot load the module (${(error as NodeJS.ErrnoException).code || (error as Error).name})`)
  }
  const fallback = loaded.default as Record<string, unknown> | Authorize | undefined
  const authorize = loaded.authorize ?? (typeof fallback === 'function' ? fallback : fallback?.authorize)
  if (typeof authorize !== 'function') throw new Error('--authorize: the module exports no authorize(req) function')
  return authorize as Authorize
}
