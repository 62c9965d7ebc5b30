// A framework's default host, made on first use: one per opt-in, since allowUnverifiedHosts decides whether its
// uploadForm refuses the unverified hosts (QQ, JD).
import type { CapabilityOptions, UploaderHost } from '../hosts/types'

export function defaultHosts(create: (options: CapabilityOptions) => UploaderHost): (allowUnverifiedHosts: boolean) => UploaderHost {
  const made: Partial<Record<string, UploaderHost>> = {}
  return (allowUnverifiedHosts) => (made[String(allowUnverifiedHosts)] ||= create({ allowUnverifiedHosts }))
}
