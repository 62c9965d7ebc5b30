// The host's own dialog: showModal on mini programs (Taro maps it to my.confirm on Alipay), and Taro H5's DOM modal.
// Used to show a failed upload's full diagnosis, which doesn't fit in its tile.
import { callApi } from './taro-api'

/** One button; resolves when the dialog is closed. Content longer than a host shows is cut by the host, not here. */
export async function showModal(options: { title: string; content: string; confirmText?: string }): Promise<void> {
  await callApi('showModal', { ...options, showCancel: false })
}
