// The lines under an uploader's tiles, for the React and Vue components alike: why nothing can be uploaded, what
// this host can't do, and what the last pick left out.
import type { Locale } from '../core/errors'
import type { UploaderView } from './controller'
import type { UploaderStrings } from './strings'

export interface Notice {
  /** Its class: `cos-uploader__blocked`, `__unsupported`, `__notice` (and `__not-added`). */
  className: string
  text: string
  /** 'notice' is a problem; 'hint' is what the host can't do, not an error. */
  tone: 'notice' | 'hint'
}

const NOTICE = 'cos-uploader__notice'

export function uploaderNotices(view: UploaderView, options: { maxSize?: number; maxCount?: number }, t: UploaderStrings, locale: Locale): Notice[] {
  const notices: Notice[] = []
  const add = (className: string, text: string, tone: Notice['tone'] = 'notice') => notices.push({ className, text, tone })
  if (view.blockedBy) add('cos-uploader__blocked', view.blockedBy.message[locale])
  if (view.saveUnsupported && view.value.length > 0) add('cos-uploader__unsupported', view.saveUnsupported.message[locale], 'hint')
  if (view.pickError) add(NOTICE, view.pickError.diagnosis.message[locale])
  if (view.oversize.length > 0 && options.maxSize !== undefined) add(NOTICE, t.oversize(view.oversize.length, options.maxSize))
  if (view.notAdded > 0) add(`${NOTICE} cos-uploader__not-added`, t.notAdded(view.notAdded, options.maxCount ?? 9))
  return notices
}
