// The platform the component runs on: the host layer's contract (src/lib/hosts/types.ts), injectable
// for tests and custom platforms (`host` prop or <CosUploaderHostProvider>). Only src/lib/hosts/taro.ts touches Taro.
import { createContext, useContext } from 'react'
import { createTaroHost } from '../hosts/taro'
import type { UploaderHost } from '../ui/controller'
import { defaultHosts } from '../ui/default-host'

const HostContext = createContext<UploaderHost | undefined>(undefined)

const defaultHost = defaultHosts(createTaroHost)

export const CosUploaderHostProvider = HostContext.Provider

export function useUploaderHost(explicit?: UploaderHost, allowUnverifiedHosts = false): UploaderHost {
  const provided = useContext(HostContext)
  return explicit ?? provided ?? defaultHost(allowUnverifiedHosts)
}
