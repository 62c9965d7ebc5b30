// The host layer: the only code in the library that calls a platform (Taro's API object, uni's `uni`, on H5 the
// browser). Framework-free here; the adapters are hosts/taro (createTaroHost) and hosts/uni (createUniHost), each
// exported by its framework's entry only, so neither framework's app bundles the other's.
export * from './types'
export { createHost } from './host'
