// One uploader component's state and behaviour, free of any framework: the React hook and the Vue composable
// both drive this and render its view(). It owns the engine (created on start(), configured when where or how files
// go changes, never torn down for a prop change), commits finished uploads into `value` in pick order, counts
// maxCount, filters oversize files, says what was not added or isn't supported here, and keeps saves and signed
// display URLs. Renders are coalesced to one per frame; callbacks fire on every engine event.
import type { CosUploaderError, Locale, LocalizedText } from '../core/errors'
import { CosServiceError, isCosUploaderError } from '../core/errors'
import { createUploader } from '../core/upload/engine'
import type { ExpiringUrl, PickedFile, UploadedItem, UploadEvent, UploadTaskState, Uploader, UploaderOptions } from '../core/upload/types'
import type { Capabilities, Capability, CapabilityReason, ChooseImagesOptions, UploaderHost } from '../hosts/types'
import { text } from '../core/messages'
import { createFrameBatcher } from './frame'
import { insertInPickOrder } from './order'
import { uploaderStrings } from './strings'
import { createSignedUrls } from './signed-urls'

export type { UploaderHost }

export interface CosUploaderOptions {
  bucket: string
  region: string
  /** Region domain, with the bucket in the path (and in the signature). */
  forcePathStyle?: boolean
  /** Custom domain, CDN or the local emulator, e.g. `http://{bucket}.cos.{region}.localhost:9000`. */
  endpoint?: string
  protocol?: 'https:' | 'http:'
  /** Temporary key (STS), signed on the device. Give this or `getPostPolicy`, not both. */
  getCredentials?: UploaderOptions['getCredentials']
  /** Ready-signed PostObject fields from your server; the secret never leaves it. */
  getPostPolicy?: UploaderOptions['getPostPolicy']
  prefix?: string
  keyOf?: (file: PickedFile) => string
  allowPrefix?: string[]
  /** Files done plus files still in flight. Default 9. */
  maxCount?: number
  /** Files per pick; clamped to what maxCount leaves. Default 9. */
  count?: number
  /** Bytes; larger files are not uploaded and go to `onOversize`. */
  maxSize?: number
  sizeType?: ChooseImagesOptions['sizeType']
  sourceType?: ChooseImagesOptions['sourceType']
  /** Compression quality 0–100 where the host can compress (elsewhere: uploaded as picked, and `onUnsupported`). */
  compress?: number
  /** A save-to-album action on uploaded images where the host can save (elsewhere: a notice, and `onUnsupported`). Default false. */
  saveable?: boolean
  /** Default true; with false, call `upload()`. */
  autoUpload?: boolean
  /** Default 3, never more than the host allows. */
  concurrency?: number
  /** Automatic retries per upload of transient failures (5xx, timeouts, resets, STS failures). Default 3. */
  maxRetries?: number
  timeout?: number
  /** Milliseconds without progress that end an attempt (then retried). Default 60 s. */
  idleTimeout?: number
  disabled?: boolean
  allowUnverifiedHosts?: boolean
  /** Default 'zh-CN'; 'en' once the English pack is registered. */
  locale?: Locale
  value?: UploadedItem[]
  defaultValue?: UploadedItem[]
  onChange?: (value: UploadedItem[]) => void
  onOversize?: (files: PickedFile[]) => void
  onProgress?: (task: UploadTaskState) => void
  onSuccess?: (item: UploadedItem, task: UploadTaskState) => void
  onError?: (error: CosUploaderError, task?: UploadTaskState) => void
  onUnsupported?: (reason: { code: string; message: LocalizedText }) => void
  /** Every task, whenever one is added, removed or changes status. */
  onQueueChange?: (tasks: UploadTaskState[]) => void
  /** Defaults to the Taro host; tests and custom platforms inject their own. */
  host?: UploaderHost
}

/** 'downloaded' is what H5 reports: a browser download, never a confirmed album save. */
export type SaveState =
  | { status: 'saving' | 'saved' | 'downloaded' }
  /** `url`: what to save once the user grants access in the settings. */
  | { status: 'permission-denied'; url: string }
  | { status: 'error'; error: CosUploaderError }

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

const offReason = (capability: Capability, fallback: CapabilityReason) =>
  capability.supported ? undefined : capability.reason ?? fallback
const reasonOf = (code: string, id: Parameters<typeof text>[0]): CapabilityReason => ({ code, message: text(id) })

/** The engine options the props name: where and how files go, and how hard to try. */
function engineOptions(props: CosUploaderOptions, host: UploaderHost, latest: () => CosUploaderOptions) {
  const { bucket, region, forcePathStyle, endpoint, protocol } = props
  return {
    location: { bucket, region, forcePathStyle, endpoint, protocol },
    // Calls reach the latest props: a new function each render changes nothing, switching the signing mode does.
    getCredentials: props.getCredentials && (() => latest().getCredentials!()),
    getPostPolicy: props.getPostPolicy && ((key: string, file: PickedFile, context: { attempt: string }) => latest().getPostPolicy!(key, file, context)),
    prefix: props.prefix,
    keyOf: props.keyOf && ((file: PickedFile) => latest().keyOf!(file)),
    allowPrefix: props.allowPrefix,
    concurrency: Math.max(1, Math.min(props.concurrency ?? 3, host.maxConcurrentUploads())),
    maxRetries: props.maxRetries,
    timeout: props.timeout,
    idleTimeout: props.idleTimeout,
  }
}

/** What decides the engine's options, as text: the same text, the same options. */
const fingerprint = (props: CosUploaderOptions, host: UploaderHost) => JSON.stringify([
  props.bucket, props.region, props.forcePathStyle, props.endpoint, props.protocol, !!props.getCredentials, !!props.getPostPolicy,
  props.prefix, !!props.keyOf, props.allowPrefix, Math.min(props.concurrency ?? 3, host.maxConcurrentUploads()), props.maxRetries,
  props.timeout, props.idleTimeout,
])

export interface UploaderController {
  readonly host: UploaderHost
  /** The latest props; call on every render (no side effects). */
  setProps(props: CosUploaderOptions): void
  /** After a render: applies a change of where or how files go to the engine, and says what isn't supported. */
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
  /** Its tile's image: `displayUrl`, or the local file while other files of this uploader are still uploading. */
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
  /** The value every update builds on: several can land before a re-render (two uploads finishing in one tick). */
  let current = initial.value ?? inner
  let oversize: PickedFile[] = []
  let notAdded = 0
  let pickError: CosUploaderError | undefined
  let saves: Record<string, SaveState> = {}
  const announced: Record<string, string | undefined> = {}
  const urls = createSignedUrls((item) => engine?.objectUrl(item.key) ?? Promise.resolve<ExpiringUrl>({ url: item.url }), changed)

  const capabilities = () => host.capabilities({ allowUnverifiedHosts: props.allowUnverifiedHosts })
  function gate(): CapabilityReason | undefined {
    const caps = capabilities()
    const blocked = [caps.pick, caps.upload].find((capability) => !capability.supported)
    return blocked && offReason(blocked, reasonOf('unsupported', 'upload-unsupported'))
  }
  const saveOff = () => (props.saveable ? offReason(capabilities().saveToAlbum, reasonOf('save-unsupported', 'save-unsupported')) : undefined)
  const compressOff = () => (props.compress !== undefined ? offReason(capabilities().compress, reasonOf('compress-unsupported', 'compress-falls-back')) : undefined)
  const value = () => props.value ?? inner

  function setValue(next: UploadedItem[]) {
    current = next
    if (props.value === undefined) inner = next
    urls.follow(next)
    props.onChange?.(next)
    notify()
  }

  function onEvent({ type, task, tasks }: UploadEvent) {
    if (type === 'done' && task.result) {
      // Pick order is the engine's: an item goes before the first one whose upload was picked after its own.
      const orderOf = (key: string) => { const at = tasks.findIndex((other) => other.status === 'done' && other.result?.key === key); return at < 0 ? undefined : at }
      setValue(insertInPickOrder(current, task.result, orderOf))
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
    if (gate()) return
    const next = fingerprint(props, host)
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

  const occupied = () => current.length + (engine?.getTasks() ?? []).filter((task) => !SETTLED.includes(task.status)).length

  async function settle(key: string, url: string, saving: Promise<'saved' | 'downloaded'>) {
    const set = (state: SaveState) => { saves = { ...saves, [key]: state }; notify() }
    try {
      set({ status: await saving })
    } catch (error) {
      if (!isCosUploaderError(error)) throw error
      if (error.code === 'permission-denied') return set({ status: 'permission-denied', url })
      set({ status: 'error', error })
      props.onError?.(error)
    }
  }

  const controller: UploaderController = {
    host,
    setProps(next) {
      props = next
      if (next.value !== undefined) current = next.value
    },
    sync() {
      announce('gate', gate())
      announce('save', saveOff())
      announce('compress', compressOff())
      configure()
      urls.follow(value())
    },
    view() {
      const maxCount = props.maxCount ?? 9
      const blocked = gate() ?? configError?.diagnosis
      const tasks = (engine?.getTasks() ?? []).filter((task) => !SETTLED.includes(task.status))
      const items = value()
      return {
        value: items,
        tasks,
        remaining: Math.max(0, maxCount - items.length - tasks.length),
        disabled: Boolean(props.disabled || blocked),
        blockedBy: blocked,
        capabilities: capabilities(),
        saveUnsupported: saveOff(),
        oversize,
        notAdded,
        pickError,
        saves,
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
      if (quality !== undefined && capabilities().compress.supported) {
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
    async save(item) {
      saves = { ...saves, [item.key]: { status: 'saving' } }
      notify()
      let url: string
      try {
        url = (await urls.sign(item)).url
      } catch (error) {
        if (!isCosUploaderError(error)) throw error
        saves = { ...saves, [item.key]: { status: 'error', error } }
        props.onError?.(error)
        return notify()
      }
      await settle(item.key, url, host.saveImageToAlbum(url))
    },
    openSettingAndSave(key) {
      const state = saves[key]
      if (state?.status === 'permission-denied') void settle(key, state.url, host.openSettingAndSave(state.url))
    },
    preview(item) {
      host.previewImage(value().map(urls.url), urls.url(item)).catch(() => undefined)
    },
    displayUrl: (item) => urls.url(item),
    thumbnailUrl(item) {
      // While files are still uploading, an item uploaded from this device shows its local file: fetching the object
      // back would compete with the uploads for the connections to the bucket. Once idle, it shows the object.
      const tasks = engine?.getTasks() ?? []
      const busy = tasks.some((task) => !SETTLED.includes(task.status) && task.status !== 'error')
      const local = busy && tasks.find((task) => task.result?.key === item.key)
      return local ? local.file.thumbPath || local.file.path : urls.url(item)
    },
  }
  return controller
}
