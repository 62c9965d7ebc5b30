// A framework's default host, made on first use: one per opt-in, since allowUnverifiedHosts decides whether its
// uploadForm refuses the unverified hosts (QQ, JD).
import type { CapabilityOptions, UploaderHost } from '../hosts/types'

export function defaultHosts(create: (options: CapabilityOptions) => UploaderHost): (allowUnverifiedHosts: boolean) => UploaderHost {
  const made = new Map<boolean, UploaderHost>()
  return (allowUnverifiedHosts) => {
    let host = made.get(allowUnverifiedHosts)
    if (!host) made.set(allowUnverifiedHosts, (host = create({ allowUnverifiedHosts })))
    return host
  }
}
