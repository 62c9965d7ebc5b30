// What <CosUploader>'s template renders from: the uploader (useCosUploader on the component's props, its callbacks
// emitting the events) and the words, notices and tile texts of the shared UI (src/lib/ui). Also for a template of
// your own.
import { computed } from 'vue'
import type { UploadTaskState } from '../core/upload/types'
import { uploaderNotices } from '../ui/notices'
import { uploaderStrings } from '../ui/strings'
import { PROGRESS_COLOR, styles } from '../ui/styles'
import { canSaveAgain, saveStatusText, taskImage, taskStatusText } from '../ui/tiles'
import { optionsFromProps, type CosUploaderEmit, type CosUploaderProps } from './props'
import { useCosUploader } from './useCosUploader'

/** Call in setup() with the component's props and emit; destructure the result so the template unwraps its refs. */
export function useCosUploaderComponent(props: Readonly<CosUploaderProps>, emit: CosUploaderEmit) {
  const uploader = useCosUploader(() => optionsFromProps(props, emit))
  const locale = computed(() => props.locale ?? 'zh-CN')
  const t = computed(() => uploaderStrings(locale.value))
  return {
    uploader,
    t,
    styles,
    PROGRESS_COLOR,
    /** Delete buttons show; deleting a tile still uploading aborts its upload. */
    deletable: computed(() => (props.deletable ?? true) && !props.disabled),
    /** The save action shows on uploaded items. */
    canSave: computed(() => Boolean(props.saveable) && !uploader.saveUnsupported),
    notices: computed(() => uploaderNotices(uploader, props, t.value, locale.value)),
    taskImage,
    taskStatus: (task: UploadTaskState) => taskStatusText(task, t.value, locale.value),
    saveStatus(key: string) {
      const save = uploader.saves[key]
      return save && saveStatusText(save, t.value, locale.value)
    },
    canSaveAgain: (key: string) => canSaveAgain(uploader.saves[key]),
  }
}
