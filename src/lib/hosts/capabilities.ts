// What this host can do, each "off" with a reason, worked out once per host (and opt-in); the host functions are
// gated by the same answers. Facts and sources: shared/research/hosts-matrix.md.
// Mini hosts: TARO_ENV + `typeof Taro.x` probes. H5: a fixed table (Taro's H5 stubs are functions and canIUse says true).
import { unsupported } from './errors'
import { reasons } from './reasons'
import { hasApi, hostId, type ApiName } from './taro-api'
import type { Capabilities, Capability, CapabilityName, CapabilityOptions, HostId } from './types'

const on = (): Capability => ({ supported: true })

function off(reason: Capability['reason']): Capability {
  return { supported: false, reason }
}

function probe(...names: ApiName[]): Capability {
  return names.some(hasApi) ? on() : off(reasons.missingApi(names.join('/')))
}

/** Where the matrix has `?`: off with the reason, unless the integrator opts in. */
function unverified(host: HostId, what: string, options: CapabilityOptions, then: Capability): Capability {
  return options.allowUnverifiedHosts ? then : off(reasons.unverified(host, what))
}

const known = new Map<boolean, Capabilities>()

/** This host's capabilities, worked out on the first call (the host and its APIs don't change while the app runs). */
export function capabilities(options: CapabilityOptions = {}): Capabilities {
  const optIn = !!options.allowUnverifiedHosts
  let found = known.get(optIn)
  if (!found) known.set(optIn, (found = probeCapabilities(options)))
  return found
}

/** Throws the capability's reason, as a typed 'unsupported' HostError, where it is off. */
export function requireCapability(name: CapabilityName, options: CapabilityOptions = {}): void {
  const { supported, reason } = capabilities(options)[name]
  // An off capability always has its reason.
  if (!supported) throw unsupported(reason!)
}

function probeCapabilities(options: CapabilityOptions): Capabilities {
  const host = hostId()
  if (host === 'unknown') {
    const gated = () => off(reasons.unknownHost())
    return { pick: gated(), upload: gated(), progress: gated(), abort: gated(), download: gated(), saveToAlbum: gated(), compress: gated() }
  }
  if (host === 'h5') {
    return { pick: on(), upload: on(), progress: on(), abort: on(), download: on(),
      saveToAlbum: { supported: true, reason: reasons.h5DownloadOnly() }, compress: off(reasons.h5NoCompress()) }
  }
  let upload = probe('uploadFile')
  if (host === 'qq' && upload.supported && !options.allowUnverifiedHosts) upload = off(reasons.qqUnverified())
  if (host === 'jd' && upload.supported) upload = unverified(host, 'uploadFile', options, upload)
  // Progress and abort belong to the upload task: off with it.
  const task = () => (upload.supported ? on() : off(upload.reason?.code === 'api-missing' ? upload.reason : reasons.noUpload()))
  return {
    pick: probe('chooseMedia', 'chooseImage'),
    upload,
    // Progress fields and abort are documented for weapp, alipay (…Written), tt and h5 only.
    progress: upload.supported && (host === 'swan' || host === 'jd') ? unverified(host, 'UploadTask.onProgressUpdate', options, task()) : task(),
    abort: upload.supported && host === 'jd' ? unverified(host, 'UploadTask.abort', options, task()) : task(),
    download: probe('downloadFile'),
    saveToAlbum: saveCapability(host),
    compress: probe('compressImage'),
  }
}

function saveCapability(host: HostId): Capability {
  if (hasApi('saveImageToPhotosAlbum')) return on()
  if (host === 'alipay' && hasApi('saveImage')) return { supported: true, reason: reasons.saveByUrl() }
  return off(reasons.missingApi('saveImageToPhotosAlbum'))
}

// Simultaneous uploadFile calls. weapp/qq: 10 (documented). Undocumented elsewhere (`?` in the matrix): conservative
// values: swan allows 5 requests per domain on Android, tt mini-games 5 uploads; browsers 6 connections per origin.
const MAX_CONCURRENT: Record<HostId, number> = { weapp: 10, qq: 10, alipay: 5, tt: 5, swan: 5, jd: 5, h5: 6, unknown: 1 }

export function maxConcurrentUploads(): number {
  return MAX_CONCURRENT[hostId()]
}
