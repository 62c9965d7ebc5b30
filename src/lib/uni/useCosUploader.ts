// The Vue side of one uploader: Vue state only. The framework-free controller (ui/controller.ts) does the work; this
// keeps one per component, hands it the options whenever they change, and copies its view into reactive state when it
// says something changed (at most once per frame).
import { nextTick, onBeforeUnmount, onMounted, shallowReactive, toValue, watch, type MaybeRefOrGetter } from 'vue'
import { createUploaderController, type CosUploaderOptions, type UploaderController, type UploaderView } from '../ui/controller'
import { useUploaderHost } from './host'

export type UploaderActions = Pick<UploaderController,
  'pick' | 'upload' | 'retry' | 'remove' | 'removeItem' | 'clear' | 'showError' | 'save' | 'openSettingAndSave' | 'preview'
  | 'displayUrl' | 'thumbnailUrl'>

/** Reactive: read its fields in a template, a computed or a watch (destructuring them takes a snapshot). */
export type CosUploaderApi = Readonly<UploaderView> & UploaderActions

/**
 * One uploader's state and actions. `options` is an object, a ref or a getter (e.g. `() => ({ ...props })`): a
 * change of where or how files go applies to the next upload and never aborts one in flight. `host` is read once.
 */
export function useCosUploader(options: MaybeRefOrGetter<CosUploaderOptions>): CosUploaderApi {
  // A copy, so that a change of any field of a reactive object is a change of the options.
  const read = (): CosUploaderOptions => {
    const current = { ...toValue(options) }
    const { onChange } = current
    return onChange ? { ...current, onChange: (value) => { onChange(value); resync() } } : current
  }
  const initial = read()
  const controller = createUploaderController(useUploaderHost(initial.host, initial.allowUnverifiedHosts), initial)
  const { pick, upload, retry, remove, removeItem, clear, showError, save, openSettingAndSave, preview, displayUrl, thumbnailUrl } = controller
  const api = shallowReactive({
    ...controller.view(),
    pick, upload, retry, remove, removeItem, clear, showError, save, openSettingAndSave, preview, displayUrl, thumbnailUrl,
  })
  const render = () => void Object.assign(api, controller.view())
  let resyncing = false
  // A controlled value the parent doesn't take (it never updates `value`) stays as the parent holds it: once the
  // parent has re-rendered, the controller reads the options again. Several changes in one tick build on each other.
  function resync() {
    if (resyncing) return
    resyncing = true
    void nextTick(() => {
      resyncing = false
      controller.setProps(read())
      render()
    })
  }
  watch(read, (next) => {
    controller.setProps(next)
    controller.sync()
    render()
  })
  let unsubscribe = () => {}
  onMounted(() => {
    unsubscribe = controller.subscribe(render)
    controller.start()
    controller.sync()
    render()
  })
  onBeforeUnmount(() => {
    unsubscribe()
    controller.stop()
  })
  return api
}
