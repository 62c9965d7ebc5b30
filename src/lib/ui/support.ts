// What this host can't do of what the props ask for, each with the reason to show: nothing can be uploaded (picking
// or uploading is off), the save action asked for with `saveable`, compression asked for with `compress` (the picked
// file is then uploaded as it is).
import type { Capabilities, Capability, CapabilityReason } from '../hosts/types'
import type { CosUploaderOptions, UploaderHost } from './options'
import { uiTexts, type UiMessageId } from './texts'

export interface Support {
  capabilities: Capabilities
  uploadOff?: CapabilityReason
  saveOff?: CapabilityReason
  compressOff?: CapabilityReason
}

const reasonOf = (code: string, id: UiMessageId): CapabilityReason => ({ code, message: uiTexts.text(id) })

const off = (capability: Capability, fallback: () => CapabilityReason) =>
  capability.supported ? undefined : capability.reason ?? fallback()

export function supportOf(host: UploaderHost, props: CosUploaderOptions): Support {
  const capabilities = host.capabilities({ allowUnverifiedHosts: props.allowUnverifiedHosts })
  const blocked = [capabilities.pick, capabilities.upload].find((capability) => !capability.supported)
  return {
    capabilities,
    uploadOff: blocked && off(blocked, () => reasonOf('unsupported', 'upload-unsupported')),
    saveOff: props.saveable ? off(capabilities.saveToAlbum, () => reasonOf('save-unsupported', 'save-unsupported')) : undefined,
    compressOff: props.compress !== undefined ? off(capabilities.compress, () => reasonOf('compress-unsupported', 'compress-falls-back')) : undefined,
  }
}
