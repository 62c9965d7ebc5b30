// The demo's signing sources: the STS service (`npm start` runs one next to the emulator) hands out
// temporary keys (`POST /sts`, optionally a named scope preset) or ready-signed PostObject fields (`POST /post-policy`).
// Its default scope allows PostObject and GetObject under `uploads/`.
import Taro from '@tarojs/taro'
import type { PickedFile } from '../../lib/core/upload/types'
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

/** A getPostPolicy for `<CosUploader>`: the server signs, the device never sees a key. */
export function serverPostPolicy(): (key: string, file: PickedFile) => Promise<Record<string, string>> {
  return async (key, file) => {
    const request = file.type ? { key, size: file.size, contentType: file.type } : { key, size: file.size }
    const body = (await post('/post-policy', request)) as { fields?: Record<string, string> }
    if (!body.fields) throw new Error('STS /post-policy answered without fields')
    return body.fields
  }
}
