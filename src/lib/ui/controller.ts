// One uploader component's state and behaviour, free of any framework: the React hook and the Vue composable
// both drive this and render its view(). It owns the engine (created on start(), configured when where or how files
// go changes, never torn down for a prop change), commits finished uploads into `value` in pick order, counts
// maxCount, filters oversize files, says what was not added, and shows a failed upload's diagnosis. Album saves,
// signed display URLs and what the host can't do are in saves.ts, signed-urls.ts and support.ts. View updates are
// coalesced to one per frame; callbacks fire on every engine event.
import type { CosUploaderError, LocalizedText } from '../core/errors'
import { CosServiceError } from '../core/errors'
import { createUploader } from '../core/upload/engine'
import type { ExpiringUrl, PickedFile, UploadedItem, UploadEvent, UploadTaskState, Uploader } from '../core/upload/types'
import type { Capabilities, CapabilityReason } from '../hosts/types'
import { createFrameBatcher } from './frame'
import { engineFingerprint, engineOptions, type CosUploaderOptions, type UploaderHost } from './options'
import { insertInPickOrder } from './order'
import { createAlbumSaves, type SaveState } from './saves'
import { createSignedUrls } from './signed-urls'
import { uploaderStrings } from './strings'
import { supportOf } from './support'

export type { CosUploaderOptions, UploaderHost } from './options'
export type { SaveState } from './saves'

export interface UploaderView {
  value: UploadedItem[]
  /** Tasks not (yet) in `value`, in pick order. */
  tasks: UploadTaskState[]
  remaining: number
  disabled: boolean
  /** Why nothing can be uploaded: a gated host or a configuration error. */
  blockedBy?: { code: string; message: LocalizedText }
  capabilities: Capabilities
  /** Why the save action asked for with `saveable` is missing on this host. */
  saveUnsupported?: CapabilityReason
  /** The files of the last pick over maxSize. */
  oversize: PickedFile[]
  /** How many files of the last pick were past maxCount, not added. */
  notAdded: number
  pickError?: CosUploaderError
  saves: Record<string, SaveState>
}

const EMPTY: UploadedItem[] = []
const SETTLED = ['done', 'canceled']

export interface UploaderController {
  readonly host: UploaderHost
  /** The latest props; call whenever they may have changed (no side effects). */
  setProps(props: CosUploaderOptions): void
  /** After the view updated: applies a change of where or how files go to the engine, says what isn't supported. */
  sync(): void
  /** What to render, from the latest props and state. */
  view(): UploaderView
  /** Called at most once per frame after anything changed; returns the unsubscribe. */
  subscribe(listener: () => void): () => void
  /** Creates the engine (mount). */
  start(): void
  /** Aborts everything in flight and drops the engine (unmount). */
  stop(): void
  pick(): Promise<void>
  upload(): void
  retry(id: string): void
  remove(id: string): void
  removeItem(key: string): void
  clear(): void
  /** Shows a failed task's full diagnosis in the host's dialog. */
  showError(id: string): void
  save(item: UploadedItem): Promise<void>
  /** Call from a tap: hosts refuse openSetting outside a user gesture. */
  openSettingAndSave(key: string): void
  preview(item: UploadedItem): void
  /** The URL to show an uploaded item with: signed for private buckets when the device holds a key. */
  displayUrl(item: UploadedItem): string
  /**
   * The picked file an uploaded item's tile shows while other files of this uploader are still uploading (fetching the
   * object back would compete with them for the connections to the bucket); show it with showFile() (file-images.ts).
   */
  localFile(item: UploadedItem): PickedFile | undefined
  /** Its tile's image: `displayUrl`, or the local file's host path (H5's File: localFile) while others upload. */
  thumbnailUrl(item: UploadedItem): string
}

export function createUploaderController(host: UploaderHost, initial: CosUploaderOptions): UploaderController {
  let props = initial
  const latest = () => props
  const listeners = new Set<() => void>()
  const notify = () => listeners.forEach((listener) => listener())
  // Engine events (every progress event) render at most once per frame; what a tap changes renders at once.
  const batcher = createFrameBatcher(notify)
  const changed = () => batcher.schedule()
  let engine: Uploader | undefined
  let applied = ''
  let configError: CosUploaderError | undefined
  let inner = initial.defaultValue ?? EMPTY
  /** The value every update builds on: several can land before the view updates (two uploads done in one tick). */
  let current = initial.value ?? inner
  let oversize: PickedFile[] = []
  let notAdded = 0
  let pickError: CosUploaderError | undefined
  const announced: Record<string, string | undefined> = {}
  const urls = createSignedUrls((item) => engine?.objectUrl(item.key) ?? Promise.resolve<ExpiringUrl>({ url: item.url }), changed)
  const saves = createAlbumSaves(host, urls.sign, (error) => props.onError?.(error), notify)

  const support = () => supportOf(host, props)
  const value = () => props.value ?? inner

  /** `render`: at once for what a tap changes, or with the next frame for what an upload's end changes. */
  function setValue(next: UploadedItem[], render = notify) {
    current = next
    if (props.value === undefined) inner = next
    urls.follow(next)
    props.onChange?.(next)
    render()
  }

  function onEvent({ type, task, tasks }: UploadEvent) {
    if (type === 'done' && task.result) {
      // Pick order is the engine's: an item goes before the first one whose upload was picked after its own.
      const orderOf = (key: string) => { const at = tasks.findIndex((other) => other.status === 'done' && other.result?.key === key); return at < 0 ? undefined : at }
      setValue(insertInPickOrder(current, task.result, orderOf), changed)
      props.onSuccess?.(task.result, task)
    } else if (type === 'error' && task.error) {
      props.onError?.(task.error, task)
    } else if (type === 'progress' || (type === 'status' && task.status === 'uploading')) {
      props.onProgress?.(task)
    }
    if (type !== 'progress') props.onQueueChange?.(tasks)
    changed()
  }

  function configure() {
    if (support().uploadOff) return
    const next = engineFingerprint(props, host)
    if (engine && next === applied) return
    const options = engineOptions(props, host, latest)
    try {
      if (engine) engine.configure(options)
      else {
        engine = createUploader({ ...options, transport: host })
        engine.on(onEvent)
        if (props.getCredentials) engine.prefetchCredentials()
      }
      applied = next
      configError = undefined
    } catch (error) {
      if (configError?.code !== (error as CosUploaderError).code) props.onError?.(error as CosUploaderError)
      configError = error as CosUploaderError
    }
    changed()
  }

  // Each reason once per change: the upload gate, the save action, compression.
  function announce(kind: string, reason?: CapabilityReason) {
    if (announced[kind] === reason?.code) return
    announced[kind] = reason?.code
    if (reason) props.onUnsupported?.(reason)
  }

  // Every tile asks on every render: one lookup per tasks snapshot (the engine hands out the same array until a task
  // changes), not a search of all tasks per tile.
  let filesFor: readonly UploadTaskState[] | undefined
  let files = new Map<string, PickedFile>()
  function localFiles(): Map<string, PickedFile> {
    const tasks = engine?.getTasks() ?? []
    if (tasks === filesFor) return files
    filesFor = tasks
    files = new Map()
    const busy = tasks.some((task) => !SETTLED.includes(task.status) && task.status !== 'error')
    if (busy) for (const task of tasks) if (task.result) files.set(task.result.key, task.file)
    return files
  }

  const occupied = () => current.length + (engine?.getTasks() ?? []).filter((task) => !SETTLED.includes(task.status)).length

  const controller: UploaderController = {
    host,
    setProps(next) {
      props = next
      if (next.value !== undefined) current = next.value
    },
    sync() {
      const { uploadOff, saveOff, compressOff } = support()
      announce('gate', uploadOff)
      announce('save', saveOff)
      announce('compress', compressOff)
      configure()
      urls.follow(value())
    },
    view() {
      const maxCount = props.maxCount ?? 9
      const { capabilities, uploadOff, saveOff } = support()
      const blocked = uploadOff ?? configError?.diagnosis
      const tasks = (engine?.getTasks() ?? []).filter((task) => !SETTLED.includes(task.status))
      const items = value()
      return {
        value: items,
        tasks,
        remaining: Math.max(0, maxCount - items.length - tasks.length),
        disabled: Boolean(props.disabled || blocked),
        blockedBy: blocked,
        capabilities,
        saveUnsupported: saveOff,
        oversize,
        notAdded,
        pickError,
        saves: saves.states(),
      }
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => { listeners.delete(listener) }
    },
    start() {
      configure()
      urls.follow(value())
    },
    stop() {
      engine?.destroy()
      engine = undefined
      urls.stop()
      changed()
    },
    async pick() {
      const uploader = engine
      if (!uploader || props.disabled) return
      const maxCount = props.maxCount ?? 9
      const room = maxCount - occupied()
      if (room <= 0) return
      pickError = undefined
      let files: PickedFile[]
      try {
        files = await host.chooseImages({ count: Math.max(1, Math.min(props.count ?? 9, room)), sizeType: props.sizeType, sourceType: props.sourceType })
      } catch (error) {
        pickError = error as CosUploaderError
        props.onError?.(error as CosUploaderError)
        return notify()
      }
      const { maxSize } = props
      oversize = maxSize === undefined ? [] : files.filter((file) => file.size > maxSize)
      if (oversize.length > 0) props.onOversize?.(oversize)
      const fitting = files.filter((file) => !oversize.includes(file))
      // H5 pickers can't cap the count exactly; the room may also have shrunk while the picker was open.
      let accepted = fitting.slice(0, Math.max(0, maxCount - occupied()))
      notAdded = fitting.length - accepted.length
      const quality = props.compress
      if (quality !== undefined && !support().compressOff) {
        // Compression is best effort: a file the host can't compress is uploaded as picked. `size` stays the picked size.
        accepted = await Promise.all(accepted.map(async (file) => ({ ...file, path: await host.compressImage(file.path, quality).catch(() => file.path) })))
      }
      changed()
      if (accepted.length > 0 && engine === uploader) uploader.add(accepted, { start: props.autoUpload ?? true })
    },
    upload: () => engine?.start(),
    retry: (id) => engine?.retry(id),
    remove: (id) => engine?.remove(id),
    removeItem(key) {
      setValue(current.filter((item) => item.key !== key))
    },
    clear() {
      engine?.clear()
      oversize = []
      notAdded = 0
      setValue([])
    },
    showError(id) {
      const error = engine?.getTasks().find((task) => task.id === id)?.error
      if (!error) return
      const locale = props.locale ?? 'zh-CN'
      const facts = error instanceof CosServiceError ? [`Code: ${error.cos.Code || error.statusCode}`, error.requestId && `RequestId: ${error.requestId}`] : []
      const content = [error.diagnosis.message[locale], ...facts].filter(Boolean).join('\n')
      host.showModal({ title: uploaderStrings(locale).failedTitle, content }).catch(() => undefined)
    },
    save: (item) => saves.save(item),
    openSettingAndSave: (key) => saves.openSettingAndSave(key),
    preview(item) {
      host.previewImage(value().map(urls.url), urls.url(item)).catch(() => undefined)
    },
    displayUrl: (item) => urls.url(item),
    localFile: (item) => localFiles().get(item.key),
    thumbnailUrl(item) {
      const local = controller.localFile(item)
      return local && !local.file ? local.thumbPath || local.path : urls.url(item)
    },
  }
  return controller
}
