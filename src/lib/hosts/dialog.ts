// The host's own dialog: showModal on mini programs (Taro and uni map it to my.confirm/alert where Alipay lacks it),
// and on H5 the library's own DOM dialog (h5-dialog.ts). Used to show a failed upload's full diagnosis, which doesn't
// fit in its tile.
import { callApi, type Platform } from './platform'

/** One button; resolves when the dialog is closed. Content longer than a host shows is cut by the host, not here. */
export async function showModal(platform: Platform, options: { title: string; content: string; confirmText?: string }): Promise<void> {
  await callApi(platform, 'showModal', { ...options, showCancel: false })
}
