// The host functions refuse what capabilities() turns off, with the same reason: a typed 'unsupported' HostError.
import { capabilities } from './capabilities'
import { download as downloadToTemp } from './download'
import { unsupported } from './host-error'
import { hostId } from './host-id'
import { reasons } from './reasons'
import type { CapabilityName, CapabilityOptions } from './types'

export function requireCapability(name: CapabilityName, options: CapabilityOptions = {}): void {
  const { supported, reason } = capabilities(options)[name]
  // An off capability always has its reason.
  if (!supported) throw unsupported(reason!)
}

/** Downloads to a host temp path; refused on an unknown host, where capabilities() turns everything off. */
export async function download(url: string): Promise<string> {
  if (hostId() === 'unknown') throw unsupported(reasons.unknownHost())
  return downloadToTemp(url)
}
