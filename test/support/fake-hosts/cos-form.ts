// A signed PostObject form for the local emulator (the fields the upload engine would send), so host tests
// upload real bytes that the emulator checks and stores.
import { resolveEndpoint } from '../../../src/lib/core/url'
import { localKeyTime } from '../../../src/lib/core/sign'
import { policyPostFields, buildPostPolicy, signPostPolicy } from '../../../src/lib/core/post'
import type { RunningEmulator } from '../../../server/emulator'

export const BUCKET = 'examplebucket-1250000000'
export const LEGACY_BUCKET = 'legacybucket-1250000000'

/**
 * `virtual`: http://<bucket>.cos.<region>.localhost:<port>/ (the fakes resolve *.localhost to loopback).
 * `path`: http://127.0.0.1:<port>/<legacy bucket>/ (for jsdom's XHR, which can't resolve *.localhost here).
 */
export function signedPostForm(emulator: RunningEmulator, key: string, addressing: 'virtual' | 'path' = 'virtual') {
  const bucket = addressing === 'path' ? LEGACY_BUCKET : BUCKET
  const endpoint = resolveEndpoint({
    bucket, region: emulator.region, forcePathStyle: addressing === 'path',
    endpoint: addressing === 'path' ? `http://127.0.0.1:${emulator.port}` : `http://{bucket}.cos.{region}.localhost:${emulator.port}`,
  })
  const { secretId, secretKey } = emulator.rootKey
  const keyTime = localKeyTime(Date.now())
  const policy = buildPostPolicy({ bucket, key, secretId, keyTime, expiration: new Date(Date.now() + 600_000) })
  const formData = policyPostFields({ key, secretId, keyTime, signed: signPostPolicy({ secretId, secretKey, keyTime, policy }) })
  return { url: endpoint.baseUrl, formData, bucket }
}
