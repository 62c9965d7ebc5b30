// The host functions refuse what capabilities() turns off, with the same reason: a typed 'unsupported' HostError.
import { capabilities } from './capabilities'
import { unsupported } from './host-error'
import type { CapabilityName, CapabilityOptions } from './types'

export function requireCapability(name: CapabilityName, options: CapabilityOptions = {}): void {
  const { supported, reason } = capabilities(options)[name]
  // An off capability always has its reason.
  if (!supported) throw unsupported(reason!)
}
