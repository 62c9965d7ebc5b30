import { invalidInput } from '../core/errors'
import { callApi, type Platform } from './platform'

/** The host's full-screen viewer (on WeChat users can save or forward from it); on H5 a light one of our own (h5.ts). */
export async function previewImage(platform: Platform, urls: string[], current?: string): Promise<void> {
  if (!Array.isArray(urls) || !urls.length || urls.some((url) => typeof url !== 'string' || !url)) {
    throw invalidInput('invalid-urls', { urls })
  }
  await callApi(platform, 'previewImage', { urls, current: current ?? urls[0] })
}
