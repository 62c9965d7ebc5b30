// `taro-cos-uploader/node`: the tools that run on Node and never ship to a device. The Node transport (the upload
// engine in scripts, tests and the emulator's clients), detailed signing and the StringToSign diff (the CLI's sign
// and explain), the legacy SDK form, the allowlist domains (doctor), and English texts, registered on import.
import { registerLocale } from '../core/messages'
import { en } from '../locale/en'

registerLocale('en', en)

export * from '../core'
export { createNodeTransport, type NodeTransportOptions } from './transport'
export { allowlistDomains, type AllowlistDomains } from './allowlist'
export { diagnoseCosError, firstDifferingLine, type LocalSignature } from './diagnose'
export { toolInputError } from './errors'
export { camSafeUrlEncode, isSignableHeader, localKeyTime, signRequestDetailed, type SignableValues, type SignatureDetails } from '../core/sign'
export { objectKeyFromUrl, objectSignPath, parseHttpUrl, validateBucket, validateObjectKey, validateRegion } from '../core/url'
export { ATTEMPT_FIELD } from '../core/upload/answer'
export { buildPostPolicy, legacyPostFields, policyPostFields, signPostPolicy, type PostPolicyInput, type SignedPostPolicy } from '../core/post'
export { parseCosError } from '../core/diagnose'
export { en } from '../locale/en'
