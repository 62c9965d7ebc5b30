import { invalidInput } from '../core/errors'
import { showH5Preview } from './h5-preview'
import { callApi } from './taro-api'

/** The host's full-screen viewer (on WeChat users can save or forward from it); on H5 a light one of our own. */
export async function previewImage(urls: string[], current?: string): Promise<void> {
  if (!Array.isArray(urls) || !urls.length || urls.some((url) => typeof url !== 'string' || !url)) {
    throw invalidInput('invalid-urls', { urls })
  }
  // The literal, not hostId(): the app's Taro build replaces it, so mini-program builds drop the H5 viewer as dead code.
  if (process.env.TARO_ENV === 'h5') return showH5Preview(urls, Math.max(urls.indexOf(current ?? urls[0]), 0))
  await callApi('previewImage', { urls, current: current ?? urls[0] })
}
