// The component's own words, in a locale (English once its pack is registered). Diagnoses come from the errors.
import type { Locale } from '../core/messages'
import { uiTexts, type UiMessageId } from './texts'

export interface UploaderStrings {
  add: string
  delete: string
  retry: string
  queued: string
  signing: string
  uploading: string
  processing: string
  /** The short status of a failed tile; a tap shows the diagnosis. */
  failed: string
  failedTitle: string
  /** An automatic retry is scheduled: the `retry`-th of at most `of`. */
  retrying: (retry: number, of: number) => string
  save: string
  saving: string
  saved: string
  downloaded: string
  permissionDenied: string
  openSetting: string
  oversize: (count: number, maxSize: number) => string
  /** Picked past maxCount: how many were not added. */
  notAdded: (count: number, maxCount: number) => string
}

function formatBytes(bytes: number): string {
  if (bytes >= 1048576) return `${+(bytes / 1048576).toFixed(1)} MB`
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`
  return `${bytes} B`
}

/** The strings for `locale`. */
export function uploaderStrings(locale: Locale): UploaderStrings {
  const say = (id: UiMessageId, detail?: Record<string, unknown>) => uiTexts.text(id, detail)[locale]
  return {
    add: say('ui-add'),
    delete: say('ui-delete'),
    retry: say('ui-retry'),
    queued: say('ui-queued'),
    signing: say('ui-signing'),
    uploading: say('ui-uploading'),
    processing: say('ui-processing'),
    failed: say('ui-failed'),
    failedTitle: say('ui-failed-title'),
    retrying: (retry, of) => say('ui-retrying', { retry, of }),
    save: say('ui-save'),
    saving: say('ui-saving'),
    saved: say('ui-saved'),
    downloaded: say('ui-downloaded'),
    permissionDenied: say('ui-permission-denied'),
    openSetting: say('ui-open-setting'),
    oversize: (count, maxSize) => say('ui-oversize', { count, maxSize: formatBytes(maxSize), s: count === 1 ? '' : 's' }),
    notAdded: (count, maxCount) => say('ui-not-added', { count, maxCount }),
  }
}
