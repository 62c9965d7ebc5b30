// The platform a Vue uploader runs on: the host layer's contract (src/lib/hosts/types.ts), injectable for tests and
// custom platforms (`host` option or provideUploaderHost), by default the uni-app host over `uni.*`.
import { inject, provide, type InjectionKey } from 'vue'
import { createUniHost } from '../hosts/uni'
import type { UploaderHost } from '../ui/controller'
import { defaultHosts } from '../ui/default-host'

const HOST_KEY: InjectionKey<UploaderHost> = Symbol('taro-cos-uploader host')

/** Every uploader below the calling component uses `host` (unless given its own). */
export function provideUploaderHost(host: UploaderHost): void {
  provide(HOST_KEY, host)
}

const defaultHost = defaultHosts(createUniHost)

/** Call in setup(): the explicit host, else one provided above, else the uni-app host. */
export function useUploaderHost(explicit?: UploaderHost, allowUnverifiedHosts = false): UploaderHost {
  return explicit ?? inject(HOST_KEY, undefined) ?? defaultHost(allowUnverifiedHosts)
}
