// What every request handler needs: the configuration, the store, the clock and the fault settings and draws.
import type { EventEmitter } from 'node:events'
import type { FaultConfig, FaultDraw } from './faults'
import type { RootKey } from './principal'
import type { ObjectStore } from './storage'

export interface BucketConfig {
  name: string
  /** Created before 2024-01-01: path-style requests are accepted. */
  pathStyle: boolean
  /** Anonymous GET/HEAD allowed. */
  publicRead: boolean
  /** Anonymous PostObject allowed (bench only: the unsigned physical-limit baseline). */
  publicWrite: boolean
}

export interface EmulatorState {
  root: RootKey
  region: string
  buckets: Map<string, BucketConfig>
  store: ObjectStore
  faults: FaultConfig
  /** Seeded by `faults.seed` when set. */
  drawFault: FaultDraw
  /** The emulator's clock in ms, fault offset included. */
  now(): number
  events: EventEmitter
  log(line: string): void
  /** See EmulatorOptions.idleTimeoutMs. */
  idleTimeoutMs: number
}

export const nowSeconds = (state: EmulatorState) => Math.floor(state.now() / 1000)
