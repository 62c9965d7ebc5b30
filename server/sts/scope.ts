// What a temporary key may do: CAM-style actions on keys under allowed prefixes.

export interface StsScope {
  /** e.g. `['name/cos:PostObject', 'name/cos:GetObject']`; `name/cos:*` allows every object action. */
  actions: string[]
  /** Object key prefixes, e.g. `['uploads/']`; `''` allows every key. */
  allowPrefix: string[]
  /** Limits the key to one bucket; any bucket of the emulator when absent. */
  bucket?: string
}

export interface TemporaryKey {
  credentials: { tmpSecretId: string; tmpSecretKey: string; sessionToken: string }
  /** Unix seconds. */
  startTime: number
  expiredTime: number
}

export type ObjectAction = 'PostObject' | 'PutObject' | 'GetObject' | 'HeadObject' | 'DeleteObject'

export const OBJECT_ACTIONS: ObjectAction[] = ['PostObject', 'PutObject', 'GetObject', 'HeadObject', 'DeleteObject']

/** The default scope: form uploads under `uploads/`, and reading them back for save-to-album. */
export const DEFAULT_SCOPE: StsScope = { actions: ['name/cos:PostObject', 'name/cos:GetObject'], allowPrefix: ['uploads/'] }

export function scopeAllows(scope: StsScope, action: ObjectAction, bucket: string, key: string): boolean {
  const actionOk = scope.actions.some((name) => name === `name/cos:${action}` || name === 'name/cos:*' || name === '*')
  const bucketOk = !scope.bucket || scope.bucket === bucket
  return actionOk && bucketOk && scope.allowPrefix.some((prefix) => key.startsWith(prefix.replace(/\*$/, '')))
}

/** Throws a readable Error unless `value` is a well-formed scope. */
export function validateScope(value: unknown): StsScope {
  const scope = value as StsScope
  const strings = (list: unknown) => Array.isArray(list) && list.every((item) => typeof item === 'string')
  if (!scope || !strings(scope.actions) || !scope.actions.length || !strings(scope.allowPrefix) || !scope.allowPrefix.length) {
    throw new Error('scope needs non-empty string arrays "actions" and "allowPrefix"')
  }
  const unknownAction = scope.actions.findIndex((name) =>
    name !== '*' && name !== 'name/cos:*' && !OBJECT_ACTIONS.some((action) => name === `name/cos:${action}`))
  if (unknownAction >= 0) {
    throw new Error(`action ${unknownAction + 1} is not a known action (known: ${OBJECT_ACTIONS.map((a) => 'name/cos:' + a).join(', ')})`)
  }
  if (scope.bucket !== undefined && typeof scope.bucket !== 'string') throw new Error('scope.bucket must be a string')
  return { actions: [...scope.actions], allowPrefix: [...scope.allowPrefix], ...(scope.bucket ? { bucket: scope.bucket } : {}) }
}
