// What <CosUploader>'s template renders from: the uploader (useCosUploader on the component's props, its callbacks
// emitting the events) and the words, notices and tile texts of the shared UI (src/lib/ui). Also for a template of
// your own.
import { computed, onBeforeUnmount, watch } from 'vue'
import type { PickedFile, UploadTaskState } from '../core/upload/types'
import { hideFile, showFile } from '../ui/file-images'
import { uploaderNotices } from '../ui/notices'
import { uploaderStrings } from '../ui/strings'
import { PROGRESS_COLOR, styles } from '../ui/styles'
import { canSaveAgain, saveStatusText, taskStatusText } from '../ui/tiles'
import { optionsFromProps, type CosUploaderEmit, type CosUploaderProps } from './props'
import { useCosUploader, type CosUploaderApi } from './useCosUploader'

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
    taskImage: useTaskImages(uploader),
    taskStatus: (task: UploadTaskState) => taskStatusText(task, t.value, locale.value),
    saveStatus(key: string) {
      const save = uploader.saves[key]
      return save && saveStatusText(save, t.value, locale.value)
    },
    canSaveAgain: (key: string) => canSaveAgain(uploader.saves[key]),
  }
}

/**
 * A task's picture: the host's path, or on H5 its File through an object URL (ui/file-images.ts) taken when its tile
 * first shows and let go when the task leaves the list or the component unmounts.
 */
function useTaskImages(uploader: CosUploaderApi) {
  const shown = new Map<string, { file: PickedFile; url: string }>()
  const letGo = (listed: ReadonlySet<string>) => {
    for (const [id, { file }] of shown) {
      if (listed.has(id)) continue
      shown.delete(id)
      hideFile(file)
    }
  }
  watch(() => uploader.tasks, (tasks) => letGo(new Set(tasks.map((task) => task.id))))
  onBeforeUnmount(() => letGo(new Set()))
  return (task: UploadTaskState): string => {
    if (!task.file.file) return showFile(task.file)
    let entry = shown.get(task.id)
    if (!entry) shown.set(task.id, (entry = { file: task.file, url: showFile(task.file) }))
    return entry.url
  }
}
