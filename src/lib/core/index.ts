export * from './errors'
export * from './transport'
