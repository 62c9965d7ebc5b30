export * from './types'
export * from './createUploader'
