// What every host function runs on: a platform API object (Taro's, uni's, or a custom one) and the host id, and the
// one way of calling it.
import { hostFailure, unsupportedApi, type FailureContext } from './errors'
import type { ApiName, HostApi, HostId } from './types'

export interface Platform {
  readonly api: HostApi
  readonly id: HostId
}

type Callable = (options?: Record<string, unknown>) => unknown

/**
 * The API function, called on its object (a platform of your own may be a class), or undefined where the host lacks
 * it (Taro and uni leave those undefined on mini hosts).
 */
export function apiOf(platform: Platform, name: ApiName): Callable | undefined {
  const fn = platform.api[name]
  return typeof fn === 'function' ? (fn as Callable).bind(platform.api) : undefined
}

/** H5 stubs are functions too: gate H5 by its fixed table, not by this. */
export function hasApi(platform: Platform, name: ApiName): boolean {
  return !!apiOf(platform, name)
}

/**
 * Calls a host API with success/fail callbacks, which every host, Taro and uni honour: Taro promisified APIs call them
 * and also return a promise; uni returns its task (a promise only when no callback is passed, dcloudio/uni-app#3607).
 * Rejects with a HostError.
 */
export function callApi<T>(platform: Platform, name: ApiName, options: Record<string, unknown>, context: Omit<FailureContext, 'api' | 'host'> = {}): Promise<T> {
  const fn = apiOf(platform, name)
  return new Promise<T>((resolve, reject) => {
    const fail = (raw: unknown) => reject(hostFailure(raw, { ...context, api: name, host: platform.id }))
    if (!fn) return reject(unsupportedApi(name))
    try {
      ignoreRejection(fn({ ...options, success: resolve, fail }))
    } catch (error) {
      fail(error)
    }
  })
}

/** Taro's promisified API also rejects its own promise with the failure its `fail` callback already got. */
export function ignoreRejection(returned: unknown): void {
  const promise = returned as Promise<unknown> | undefined
  if (promise && typeof promise.then === 'function') promise.then(undefined, () => undefined)
}

/** The host's base library version ('' when unknown). */
export function sdkVersion(platform: Platform): string {
  for (const name of ['getAppBaseInfo', 'getSystemInfoSync'] as const) {
    try {
      const version = platform.api[name]?.()?.SDKVersion
      if (version) return version
    } catch {
      // Older base libraries lack getAppBaseInfo.
    }
  }
  return ''
}
