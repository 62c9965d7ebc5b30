export * from './core'
export * from './react'
export * from './hosts'
export { createTaroHost } from './hosts/taro'
