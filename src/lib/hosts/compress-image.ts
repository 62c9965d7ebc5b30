import { invalidInput } from '../core/errors'
import { requireCapability } from './capabilities'
import { unsupported } from './errors'
import { reasons } from './reasons'
import { callApi, hostId } from './taro-api'

/** Compresses a local image (jpg; other formats may come back unchanged). quality 0–100. */
export async function compressImage(path: string, quality = 80): Promise<string> {
  if (typeof path !== 'string' || !path) {
    throw invalidInput('invalid-file-path', { path }, { what: 'to-compress' })
  }
  if (typeof quality !== 'number' || !(quality >= 0 && quality <= 100)) {
    throw invalidInput('invalid-quality', { quality })
  }
  // Off on H5 (Taro's compressImage is a stub that resolves without a file in production) and unknown hosts.
  requireCapability('compress')
  if (hostId() === 'alipay') {
    // my.compressImage takes {apFilePaths, compressLevel: 0 low, 1 medium, 2 high} and Taro doesn't adapt it.
    const compressLevel = quality >= 90 ? 2 : quality >= 50 ? 1 : 0
    const res = await callApi<{ apFilePaths?: string[] }>('compressImage', { apFilePaths: [path], compressLevel })
    return resultPath(res.apFilePaths?.[0])
  }
  const res = await callApi<{ tempFilePath?: string }>('compressImage', { src: path, quality })
  return resultPath(res.tempFilePath)
}

function resultPath(path: string | undefined): string {
  if (!path) throw unsupported(reasons.noResult('compressImage'))
  return path
}
