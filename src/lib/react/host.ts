// The platform the component runs on: the host layer's contract (src/lib/hosts/types.ts), injectable
// for tests and custom platforms (`host` prop or <CosUploaderHostProvider>). Only src/lib/hosts touches Taro.
import { createContext, useContext } from 'react'
import { createTaroHost } from '../hosts'
import type { TaroHost } from '../hosts/types'

export type UploaderHost = TaroHost

const HostContext = createContext<UploaderHost | undefined>(undefined)

let taroHost: UploaderHost | undefined
function defaultHost(): UploaderHost {
  taroHost ??= createTaroHost()
  return taroHost
}

export const CosUploaderHostProvider = HostContext.Provider

export function useUploaderHost(explicit?: UploaderHost): UploaderHost {
  const provided = useContext(HostContext)
  return explicit ?? provided ?? defaultHost()
}
