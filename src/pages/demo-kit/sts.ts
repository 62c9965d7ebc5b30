// The demo's signing sources: the STS service (`npm start` runs one next to the emulator) hands out
// temporary keys (`POST /sts`, optionally a named scope preset) or ready-signed PostObject fields (`POST /post-policy`).
// Its default scope allows PostObject and GetObject under `uploads/`.
import Taro from '@tarojs/taro'
import type { PickedFile, ServerSignedForm, UploaderOptions } from '../../lib/core/upload/types'
import { demoTarget } from './target'

async function post(path: string, data: Record<string, unknown>): Promise<unknown> {
  const { stsUrl } = await demoTarget()
  const response = await Taro.request({ url: stsUrl + path, method: 'POST', data, header: { 'content-type': 'application/json' } })
  if (response.statusCode !== 200) throw new Error(`STS ${path} answered ${response.statusCode}: ${JSON.stringify(response.data)}`)
  return response.data
}

/** A getCredentials for `<CosUploader>`; `scope` names one of DEMO_STS_PRESETS (config/demo-env.ts). */
export function stsCredentials(scope?: string): () => Promise<unknown> {
  return () => post('/sts', scope ? { scope } : {})
}

/** Ready-signed PostObject fields for one key and size from `POST /post-policy`, with the key's signed HEAD URL. */
export async function signedPostForm(key: string, file: PickedFile, attempt?: string): Promise<ServerSignedForm> {
  const request = { key, size: file.size, ...(attempt ? { attempt } : {}), ...(file.type ? { contentType: file.type } : {}) }
  const body = (await post('/post-policy', request)) as { fields?: Record<string, string>; headUrl?: string }
  if (!body.fields) throw new Error('STS /post-policy answered without fields')
  return { fields: body.fields, headUrl: body.headUrl }
}

/**
 * A getPostPolicy for `<CosUploader>`: the server signs, the device never sees a key. The attempt marker goes into
 * the server's policy, so an upload whose answer was lost can be checked with the HEAD URL that comes back.
 */
export function serverPostPolicy(): NonNullable<UploaderOptions['getPostPolicy']> {
  return (key, file, { attempt }) => signedPostForm(key, file, attempt)
}
