// The emulator plus an STS service minting keys it honours, started once per test file and closed after it.
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../server/emulator'
import { startSts, type RunningSts, type StsOptions } from '../../server/sts'
import type { StsScope } from '../../server/sts/scope'

export interface CosStack {
  emulator: RunningEmulator
  sts: RunningSts
}

export function useCosStack(options: { emulator?: EmulatorOptions; scope?: StsScope; presets?: StsOptions['presets'] } = {}): CosStack {
  const stack = {} as CosStack
  beforeAll(async () => {
    stack.emulator = await startEmulator({ quiet: true, ...options.emulator })
    stack.sts = await startSts({ emulator: stack.emulator, quiet: true, scope: options.scope, presets: options.presets })
  })
  afterAll(async () => {
    await stack.sts?.close()
    await stack.emulator?.close()
  })
  return stack
}
