// What a tile says, for the React and Vue components alike: an upload's status line, an uploaded item's save state.
import type { Locale } from '../core/errors'
import type { UploadTaskState } from '../core/upload/types'
import type { SaveState } from './controller'
import type { UploaderStrings } from './strings'

/** The status line of a tile still uploading; undefined for a failed one (it shows `failed` and a retry). */
export function taskStatusText(task: UploadTaskState, t: UploaderStrings, locale: Locale): string | undefined {
  const { status, retrying, error } = task
  if (status === 'uploading') return `${t.uploading} ${Math.round(task.percent)}%`
  // A queued task waiting for an automatic retry after a transient failure: which retry, and why.
  if (status === 'queued' && retrying) {
    const line = t.retrying(retrying.retry, retrying.of)
    return error ? `${line}: ${error.diagnosis.message[locale]}` : line
  }
  if (status === 'queued' || status === 'signing' || status === 'processing') return t[status]
  return undefined
}

export function saveStatusText(save: SaveState, t: UploaderStrings, locale: Locale): string {
  if (save.status === 'error') return save.error.diagnosis.message[locale]
  if (save.status === 'permission-denied') return t.permissionDenied
  return t[save.status]
}

/** Whether the save action shows: never saved yet, or the last try failed. */
export const canSaveAgain = (save?: SaveState) => !save || save.status === 'error' || save.status === 'permission-denied'
