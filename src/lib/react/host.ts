// The platform the component runs on: the host layer's contract (src/lib/hosts/types.ts), injectable
// for tests and custom platforms (`host` prop or <CosUploaderHostProvider>). Only src/lib/hosts/taro.ts touches Taro.
import { createContext, useContext } from 'react'
import { createTaroHost } from '../hosts/taro'
import type { UploaderHost } from '../ui/controller'

const HostContext = createContext<UploaderHost | undefined>(undefined)

// One Taro host per opt-in: allowUnverifiedHosts decides whether its uploadForm refuses QQ and JD.
const taroHosts = new Map<boolean, UploaderHost>()
function defaultHost(allowUnverifiedHosts: boolean): UploaderHost {
  let host = taroHosts.get(allowUnverifiedHosts)
  if (!host) taroHosts.set(allowUnverifiedHosts, (host = createTaroHost({ allowUnverifiedHosts })))
  return host
}

export const CosUploaderHostProvider = HostContext.Provider

export function useUploaderHost(explicit?: UploaderHost, allowUnverifiedHosts = false): UploaderHost {
  const provided = useContext(HostContext)
  return explicit ?? provided ?? defaultHost(allowUnverifiedHosts)
}
