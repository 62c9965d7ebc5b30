// What this host can do, each "off" with a reason, worked out once per host (and opt-in); the host functions are
// gated by the same answers. Facts and sources: shared/research/hosts-matrix.md.
// Mini hosts: the host id + probes of the API object (`typeof api.x`). H5: a fixed table (Taro's H5 stubs are
// functions and canIUse says true).
import { unsupported } from './errors'
import { hasApi, type Platform } from './platform'
import { reasons } from './reasons'
import type { ApiName, Capabilities, Capability, CapabilityName, CapabilityOptions, HostId } from './types'

const on = (): Capability => ({ supported: true })

function off(reason: Capability['reason']): Capability {
  return { supported: false, reason }
}

function probe(platform: Platform, ...names: ApiName[]): Capability {
  return names.some((name) => hasApi(platform, name)) ? on() : off(reasons.missingApi(names.join('/')))
}

/** Where the matrix has `?`: off with the reason, unless the integrator opts in. */
function unverified(host: HostId, what: string, options: CapabilityOptions, then: Capability): Capability {
  return options.allowUnverifiedHosts ? then : off(reasons.unverified(host, what))
}

const known = new WeakMap<Platform, Map<boolean, Capabilities>>()

/** The platform's capabilities, worked out on the first call (the host and its APIs don't change while the app runs). */
export function capabilities(platform: Platform, options: CapabilityOptions = {}): Capabilities {
  const optIn = !!options.allowUnverifiedHosts
  let byOptIn = known.get(platform)
  if (!byOptIn) known.set(platform, (byOptIn = new Map()))
  let found = byOptIn.get(optIn)
  if (!found) byOptIn.set(optIn, (found = probeCapabilities(platform, options)))
  return found
}

/** Throws the capability's reason, as a typed 'unsupported' HostError, where it is off. */
export function requireCapability(platform: Platform, name: CapabilityName, options: CapabilityOptions = {}): void {
  const { supported, reason } = capabilities(platform, options)[name]
  // An off capability always has its reason.
  if (!supported) throw unsupported(reason!)
}

function probeCapabilities(platform: Platform, options: CapabilityOptions): Capabilities {
  const host = platform.id
  if (host === 'unknown') {
    const gated = () => off(reasons.unknownHost())
    return { pick: gated(), upload: gated(), progress: gated(), abort: gated(), download: gated(), saveToAlbum: gated(), compress: gated() }
  }
  if (host === 'h5') {
    return { pick: on(), upload: on(), progress: on(), abort: on(), download: on(),
      saveToAlbum: { supported: true, reason: reasons.h5DownloadOnly() }, compress: off(reasons.h5NoCompress()) }
  }
  let upload = probe(platform, 'uploadFile')
  if (host === 'qq' && upload.supported && !options.allowUnverifiedHosts) upload = off(reasons.qqUnverified())
  if (host === 'jd' && upload.supported) upload = unverified(host, 'uploadFile', options, upload)
  // Progress and abort belong to the upload task: off with it.
  const task = () => (upload.supported ? on() : off(upload.reason?.code === 'api-missing' ? upload.reason : reasons.noUpload()))
  return {
    pick: probe(platform, 'chooseMedia', 'chooseImage'),
    upload,
    // Progress fields and abort are documented for weapp, alipay (…Written), tt and h5 only.
    progress: upload.supported && (host === 'swan' || host === 'jd') ? unverified(host, 'UploadTask.onProgressUpdate', options, task()) : task(),
    abort: upload.supported && host === 'jd' ? unverified(host, 'UploadTask.abort', options, task()) : task(),
    download: probe(platform, 'downloadFile'),
    saveToAlbum: saveCapability(platform),
    compress: probe(platform, 'compressImage'),
  }
}

function saveCapability(platform: Platform): Capability {
  if (hasApi(platform, 'saveImageToPhotosAlbum')) return on()
  if (platform.id === 'alipay' && hasApi(platform, 'saveImage')) return { supported: true, reason: reasons.saveByUrl() }
  return off(reasons.missingApi('saveImageToPhotosAlbum'))
}

// Simultaneous uploadFile calls. weapp/qq: 10 (documented). Undocumented elsewhere (`?` in the matrix): conservative
// values: swan allows 5 requests per domain on Android, tt mini-games 5 uploads; browsers 6 connections per origin.
const MAX_CONCURRENT: Record<HostId, number> = { weapp: 10, qq: 10, alipay: 5, tt: 5, swan: 5, jd: 5, h5: 6, unknown: 1 }

export function maxConcurrentUploads(host: HostId): number {
  return MAX_CONCURRENT[host]
}
