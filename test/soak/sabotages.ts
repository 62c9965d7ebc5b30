// Engines broken on purpose, for the soak's self-test: each replaces one export of the engine's own modules (a jest
// module mock in an isolated registry, so the emulator, the STS service and the harness keep the real ones) and must
// be caught by a named invariant. A sabotage finds its target by export name, wherever the core keeps it, and fails
// loudly when the export is gone or its parameters changed: it never silently breaks nothing.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { FormTransport, FormUploadResponse, FormUploadTask, HeadRequest } from '../../src/lib/core/transport'
import type { AttemptCheck } from '../../src/lib/core/upload/answer'
import type { UploaderOptions } from '../../src/lib/core/upload/types'
import type { InvariantName, SoakEngine } from './harness'

const CORE = join(__dirname, '..', '..', 'src', 'lib', 'core')

type AnyFunction = (...args: any[]) => any

export interface Sabotage {
  name: string
  /** It must make at least one of these fail. */
  caughtBy: InvariantName[]
  /** The engine export it replaces, with the number of parameters the replacement assumes. */
  exportName: string
  arity: number
  replace(actual: AnyFunction, hit: () => void): AnyFunction
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(name) ? [path] : []
  })
}

/** The one core module that defines `exportName` (not one that re-exports it). */
export function definingModule(exportName: string): string {
  const definition = new RegExp(`^export (async )?(function|const) ${exportName}\\b`, 'm')
  const found = sourceFiles(CORE).filter((file) => definition.test(readFileSync(file, 'utf8')))
  if (found.length !== 1) {
    throw new Error(`sabotage target ${exportName}: ${found.length} core modules define it (${found.join(', ') || 'none'}); ` +
      'the engine was reshaped: point the sabotage at what does this job now (test/soak/sabotages.ts)')
  }
  return found[0]
}

/** The transport the engine sees, with one thing changed about each upload task. */
function changedTasks(options: UploaderOptions, change: (task: FormUploadTask) => FormUploadTask): UploaderOptions {
  const transport: FormTransport = { ...options.transport, uploadForm: (request) => change(options.transport.uploadForm(request)) }
  return { ...options, transport }
}

const offByOneByte = (hex: string) => hex.slice(0, -1) + ((parseInt(hex.slice(-1), 16) + 1) % 16).toString(16)

export const SABOTAGES: Sabotage[] = [
  {
    name: 'a signer off by one byte',
    caughtBy: ['errors-explained', 'done-floor'],
    exportName: 'policySignature',
    arity: 3,
    replace: (sign, hit) => (secretKey: string, keyTime: string, policy: string) => {
      hit()
      const signed = sign(secretKey, keyTime, policy)
      return { ...signed, signature: offByOneByte(signed.signature) }
    },
  },
  {
    name: 'a HEAD check that trusts the size',
    caughtBy: ['done-holds-this-attempt'],
    exportName: 'storedUpload',
    // (transport, check, item, request = {}: a parameter with a default isn't counted)
    arity: 3,
    // Whatever the engine's check compares, this one asks only: is there an object of this size at the key?
    replace: (_check, hit) => async (transport: FormTransport, check: AttemptCheck, item: { size: number }, request: Omit<HeadRequest, 'url'> = {}) => {
      const url = transport.head && await check.headUrl()
      if (!url) return undefined
      const { statusCode, headers } = await transport.head!({ url, ...request }).catch(() => ({ statusCode: 0, headers: {} as Record<string, string> }))
      if (statusCode !== 200 || Number(headers['content-length']) !== item.size) return undefined
      hit()
      return { ...item, ...(headers.etag ? { etag: headers.etag } : {}) }
    },
  },
  {
    name: 'retries disabled',
    caughtBy: ['done-floor'],
    exportName: 'decideRecovery',
    // (error, context, limits = the default: a parameter with a default isn't counted)
    arity: 2,
    replace: (decide, hit) => (...args: unknown[]) => {
      const recovery = decide(...args)
      if (recovery.action !== 'retry') return recovery
      hit()
      return { action: 'fail' }
    },
  },
  {
    name: 'a cancel that doesn\'t abort',
    caughtBy: ['cancel-not-stored'],
    exportName: 'createUploader',
    arity: 1,
    // The engine cancels as usual, but the request it asks to stop goes on.
    replace: (create, hit) => (options: UploaderOptions) => create(changedTasks(options, (task) => ({ ...task, abort: hit }))),
  },
  {
    name: 'progress that reports done before COS answers',
    caughtBy: ['done-holds-this-attempt'],
    exportName: 'createUploader',
    arity: 1,
    // The whole body sent counts as COS's answer: a bare success, whatever COS answers after.
    replace: (create, hit) => (options: UploaderOptions) => create(changedTasks(options, (task) => {
      let sent!: (response: FormUploadResponse) => void
      const early = new Promise<FormUploadResponse>((resolve) => { sent = resolve })
      task.onProgress(({ percent }) => {
        if (percent < 100) return
        hit()
        sent({ statusCode: 204, headers: {}, data: '' })
      })
      return { ...task, response: Promise.race([task.response, early]) }
    })),
  },
]

/**
 * The engine with `sabotage` applied, loaded in an isolated module registry; `hits()` counts the times the broken
 * part acted (a sabotage that never acts proves nothing).
 */
export function sabotagedEngine(sabotage: Sabotage): { engine: SoakEngine; hits: () => number } {
  const target = definingModule(sabotage.exportName)
  let hits = 0
  let engine: SoakEngine | undefined
  jest.isolateModules(() => {
    jest.doMock(target, () => {
      const actual = jest.requireActual(target)
      const original = actual[sabotage.exportName]
      if (typeof original !== 'function' || original.length !== sabotage.arity) {
        throw new Error(`sabotage "${sabotage.name}": ${sabotage.exportName} is no longer a function of ${sabotage.arity} parameters; ` +
          'update the sabotage to what the engine does now (test/soak/sabotages.ts)')
      }
      return { ...actual, [sabotage.exportName]: sabotage.replace(original, () => { hits++ }) }
    })
    engine = {
      createUploader: require(definingModule('createUploader')).createUploader,
      createNodeTransport: require('../../src/lib/node/transport').createNodeTransport,
    }
  })
  jest.dontMock(target)
  return { engine: engine!, hits: () => hits }
}
