import type { HostId } from './types'

const KNOWN: HostId[] = ['weapp', 'qq', 'alipay', 'tt', 'swan', 'jd', 'h5']

/**
 * The Taro build target. The app's Taro build replaces the literal `process.env.TARO_ENV` (DefinePlugin); where
 * nothing did, there is no `process` in a mini program: then the host is unknown (and gated), not a crash.
 */
export function hostId(): HostId {
  let env: string | undefined
  try {
    env = process.env.TARO_ENV
  } catch {
    env = undefined
  }
  return KNOWN.indexOf(env as HostId) >= 0 ? (env as HostId) : 'unknown'
}
