// The demo's signing sources: the STS service (`npm start` runs one next to the emulator) hands out
// temporary keys (`POST /sts`) or ready-signed PostObject fields (`POST /post-policy`).
import Taro from '@tarojs/taro'
import type { PickedFile } from '../../lib/core/upload/types'
import { demoEnv } from './env'

async function post(path: string, data: Record<string, unknown>): Promise<unknown> {
  const response = await Taro.request({ url: demoEnv.stsUrl + path, method: 'POST', data, header: { 'content-type': 'application/json' } })
  if (response.statusCode !== 200) throw new Error(`STS ${path} answered ${response.statusCode}: ${JSON.stringify(response.data)}`)
  return response.data
}

/** A getCredentials for `<CosUploader>`; `scope` selects the STS policy (and its faults) by name. */
export function stsCredentials(scope?: string): () => Promise<unknown> {
  return () => post('/sts', scope ? { scope } : {})
}

/** A getPostPolicy for `<CosUploader>`: the server signs, the device never sees a key. */
export function serverPostPolicy(): (key: string, file: PickedFile) => Promise<Record<string, string>> {
  return async (key, file) => {
    const body = (await post('/post-policy', { key, size: file.size })) as { fields?: Record<string, string> }
    if (!body.fields) throw new Error('STS /post-policy answered without fields')
    return body.fields
  }
}
