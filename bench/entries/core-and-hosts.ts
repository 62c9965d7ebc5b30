// The device core with the Taro host layer and no view: what an app using its own UI ships (a row of `npm run size`).
export * from '../../src/lib/core'
export * from '../../src/lib/hosts'
export * from '../../src/lib/hosts/taro'
