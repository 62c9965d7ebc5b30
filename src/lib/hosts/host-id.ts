import type { HostId } from './types'

const KNOWN: HostId[] = ['weapp', 'qq', 'alipay', 'tt', 'swan', 'jd', 'h5']

/** The Taro build target. `process.env.TARO_ENV` is replaced at build time, so keep the literal expression. */
export function hostId(): HostId {
  const env = process.env.TARO_ENV as HostId
  return KNOWN.indexOf(env) >= 0 ? env : 'unknown'
}
