import { invalidInput } from '../core/errors'
import { requireCapability } from './capabilities'
import { unsupported } from './errors'
import { callApi, type Platform } from './platform'
import { reasons } from './reasons'

/** Alipay's my.compressImage compressLevel for a quality: 0 low, 1 medium, 2 high (3 would not compress). */
export function alipayCompressLevel(quality: number): number {
  return quality >= 90 ? 2 : quality >= 50 ? 1 : 0
}

/** Compresses a local image (jpg; other formats may come back unchanged). quality 0–100. */
export async function compressImage(platform: Platform, path: string, quality = 80): Promise<string> {
  if (typeof path !== 'string' || !path) {
    throw invalidInput('invalid-file-path', { path }, { what: 'to-compress' })
  }
  if (typeof quality !== 'number' || !(quality >= 0 && quality <= 100)) {
    throw invalidInput('invalid-quality', { quality })
  }
  // Off on H5 (Taro's compressImage is a stub that resolves without a file in production, uni-app H5 has none) and
  // unknown hosts.
  requireCapability(platform, 'compress')
  const res = await callApi<{ tempFilePath?: string }>(platform, 'compressImage', { src: path, quality })
  if (!res.tempFilePath) throw unsupported(reasons.noResult('compressImage'))
  return res.tempFilePath
}
