import { invalidInput } from '../core/errors'
import { hostId } from './host-id'
import { unsupported } from './host-error'
import { reasons } from './reasons'
import { callApi } from './taro-api'

/** Compresses a local image (jpg; other formats may come back unchanged). quality 0–100. */
export async function compressImage(path: string, quality = 80): Promise<string> {
  if (typeof path !== 'string' || !path) {
    throw invalidInput('invalid-file-path', '缺少要压缩的图片路径', 'Missing the path of the image to compress', { path })
  }
  if (typeof quality !== 'number' || !(quality >= 0 && quality <= 100)) {
    throw invalidInput('invalid-quality', `quality 应在 0–100 之间，收到 ${quality}`, `quality must be 0–100, got ${quality}`, { quality })
  }
  const host = hostId()
  // Taro's H5 compressImage is a stub that resolves without a file in production.
  if (host === 'h5') throw unsupported(reasons.h5NoCompress())
  if (host === 'unknown') throw unsupported(reasons.unknownHost())
  if (host === 'alipay') {
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
