import { invalidInput } from '../core/errors'
import { callApi } from './taro-api'

/** The host's full-screen viewer (on WeChat users can save or forward from it). */
export async function previewImage(urls: string[], current?: string): Promise<void> {
  if (!Array.isArray(urls) || !urls.length || urls.some((url) => typeof url !== 'string' || !url)) {
    throw invalidInput('invalid-urls', { urls })
  }
  await callApi('previewImage', { urls, current: current ?? urls[0] })
}
