// The React side of one uploader: owns no protocol logic. It creates a core engine, feeds it picked
// files, mirrors its task snapshots into state (at most one render per frame), and commits finished
// uploads into `value` in pick order.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { CosUploaderError, LocalizedText } from '../core/errors'
import { createUploader } from '../core/upload'
import type { ExpiringUrl, PickedFile, UploadedItem, UploadTaskState, Uploader, UploaderOptions } from '../core/upload/types'
import { createFrameBatcher } from './frame'
import type { Capabilities, Capability, CapabilityReason, ChooseImagesOptions } from '../hosts/types'
import { useUploaderHost, type UploaderHost } from './host'
import { insertInPickOrder } from './pickOrder'
import { useAlbumSave } from './useAlbumSave'
import { useControlledValue } from './useControlledValue'
import { useSignedUrls } from './useSignedUrls'

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

const EMPTY: UploadedItem[] = []
const SETTLED = ['done', 'canceled']
/** The last progress event (100 %) moves a task on to 'processing'. */
const isSending = (task: UploadTaskState) => task.status === 'uploading' || task.status === 'processing'

/** Why `capability` is off, or undefined where it is on. */
const offReason = (capability: Capability, fallback: CapabilityReason) =>
  capability.supported ? undefined : capability.reason ?? fallback

function gateOf(capabilities: Capabilities) {
  const blocked = [capabilities.pick, capabilities.upload].find((capability) => !capability.supported)
  return blocked && offReason(blocked, { code: 'unsupported', message: { 'zh-CN': '当前环境不支持上传', en: 'Uploading is not supported here' } })
}

const NO_SAVE = { code: 'save-unsupported', message: { 'zh-CN': '当前环境不能保存到相册', en: "This host can't save to the album" } }
const NO_COMPRESS = { code: 'compress-unsupported', message: { 'zh-CN': '当前环境不能压缩图片，将上传原图', en: "This host can't compress images; they are uploaded as picked" } }

export function useCosUploader(options: CosUploaderOptions) {
  const host = useUploaderHost(options.host, options.allowUnverifiedHosts)
  const latest = useRef(options)
  latest.current = options
  const [value, setValue, valueRef] = useControlledValue(options.value, options.defaultValue ?? EMPTY, options.onChange)

  const capabilities = useMemo(
    () => host.capabilities({ allowUnverifiedHosts: options.allowUnverifiedHosts }),
    [host, options.allowUnverifiedHosts],
  )
  const unsupported = gateOf(capabilities)
  /** Asked for but not available here: said, never skipped silently. */
  const saveOff = options.saveable ? offReason(capabilities.saveToAlbum, NO_SAVE) : undefined
  const compressOff = options.compress !== undefined ? offReason(capabilities.compress, NO_COMPRESS) : undefined
  const [configError, setConfigError] = useState<CosUploaderError>()
  const [tasks, setTasks] = useState<UploadTaskState[]>([])
  const [oversize, setOversize] = useState<PickedFile[]>([])
  const [pickError, setPickError] = useState<CosUploaderError>()
  const uploaderRef = useRef<Uploader>()
  /** Pick sequence per task id, and per object key once a task is done (a retried task may get a new key). */
  const pickIndex = useRef(new Map<string, number>())
  const keyOrder = useRef(new Map<string, number>())
  const picks = useRef(0)
  const committed = useRef(new Set<string>())

  // Each reason once per change: the upload gate, the save action, compression.
  const useAnnounced = (reason?: CapabilityReason) => useEffect(() => {
    if (reason) latest.current.onUnsupported?.(reason)
  }, [reason?.code])
  useAnnounced(unsupported)
  useAnnounced(saveOff)
  useAnnounced(compressOff)

  const signing = { credentials: Boolean(options.getCredentials), policy: Boolean(options.getPostPolicy) }
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 3, host.maxConcurrentUploads()))
  const { bucket, region, forcePathStyle, endpoint, protocol, prefix, maxRetries, timeout, idleTimeout } = options
  const allowPrefix = options.allowPrefix?.join('\n')

  useEffect(() => {
    if (unsupported) return undefined
    const current = latest.current
    let uploader: Uploader
    try {
      // One engine signs every tile's upload and every download URL: N uploads, one STS call.
      uploader = createUploader({
        location: { bucket, region, forcePathStyle, endpoint, protocol },
        transport: host,
        getCredentials: signing.credentials ? () => latest.current.getCredentials!() : undefined,
        getPostPolicy: signing.policy ? (key, file, context) => latest.current.getPostPolicy!(key, file, context) : undefined,
        prefix,
        keyOf: current.keyOf && ((file) => latest.current.keyOf!(file)),
        allowPrefix: current.allowPrefix,
        concurrency,
        maxRetries,
        timeout,
        idleTimeout,
      })
    } catch (error) {
      setConfigError(error as CosUploaderError)
      current.onError?.(error as CosUploaderError)
      return undefined
    }
    setConfigError(undefined)
    uploaderRef.current = uploader
    // Task ids are per engine: forget the previous engine's.
    pickIndex.current.clear()
    committed.current.clear()

    let previous = new Map<string, UploadTaskState>()
    const batcher = createFrameBatcher(() => setTasks(uploader.getTasks()))
    const unsubscribe = uploader.subscribe((next) => {
      report(previous, next)
      previous = new Map(next.map((task) => [task.id, task]))
      batcher.schedule()
    })
    if (signing.credentials) uploader.prefetchCredentials()
    return () => {
      unsubscribe()
      batcher.dispose()
      uploader.destroy()
      uploaderRef.current = undefined
      setTasks([])
    }
  }, [host, unsupported?.code, signing.credentials, signing.policy, bucket, region, forcePathStyle, endpoint, protocol,
    prefix, allowPrefix, concurrency, maxRetries, timeout, idleTimeout, Boolean(options.keyOf)])

  /** Callbacks fire on every engine event; only rendering is coalesced. */
  function report(previous: Map<string, UploadTaskState>, next: UploadTaskState[]) {
    const callbacks = latest.current
    for (const task of next) {
      const before = previous.get(task.id)
      if (task === before) continue
      const entered = before?.status !== task.status
      if (task.status === 'done' && entered && task.result) commit(task, task.result)
      else if (task.status === 'error' && entered && task.error) callbacks.onError?.(task.error, task)
      else if (isSending(task) && ((entered && task.status === 'uploading') || before?.loaded !== task.loaded)) callbacks.onProgress?.(task)
    }
    const statusChanged = previous.size !== next.length || next.some((task) => previous.get(task.id)?.status !== task.status)
    if (statusChanged) callbacks.onQueueChange?.(next)
  }

  function commit(task: UploadTaskState, item: UploadedItem) {
    committed.current.add(task.id)
    keyOrder.current.set(item.key, pickIndex.current.get(task.id) ?? Infinity)
    setValue(insertInPickOrder(valueRef.current, item, (key) => keyOrder.current.get(key)))
    latest.current.onSuccess?.(item, task)
  }

  const occupied = (list: UploadTaskState[]) =>
    valueRef.current.length + list.filter((task) => !SETTLED.includes(task.status)).length
  const maxCount = options.maxCount ?? 9
  const blockedBy = unsupported ?? configError?.diagnosis
  const disabled = Boolean(options.disabled || blockedBy)

  const pick = useCallback(async () => {
    const uploader = uploaderRef.current
    const current = latest.current
    if (!uploader || current.disabled) return
    const maxCount = current.maxCount ?? 9
    const room = maxCount - occupied(uploader.getTasks())
    if (room <= 0) return
    setPickError(undefined)
    let files: PickedFile[]
    try {
      files = await host.chooseImages({
        count: Math.max(1, Math.min(current.count ?? 9, room)),
        sizeType: current.sizeType,
        sourceType: current.sourceType,
      })
    } catch (error) {
      setPickError(error as CosUploaderError)
      current.onError?.(error as CosUploaderError)
      return
    }
    const { maxSize } = current
    const tooBig = maxSize === undefined ? [] : files.filter((file) => file.size > maxSize)
    setOversize(tooBig)
    if (tooBig.length > 0) current.onOversize?.(tooBig)
    // H5 pickers can't cap the count exactly; the room may also have shrunk while the picker was open.
    let accepted = files.filter((file) => !tooBig.includes(file))
      .slice(0, Math.max(0, maxCount - occupied(uploader.getTasks())))
    const quality = current.compress
    if (quality !== undefined && capabilities.compress.supported) {
      // Compression is best effort: a file the host can't compress is uploaded as picked. `size` stays the picked size.
      accepted = await Promise.all(accepted.map(async (file) =>
        ({ ...file, path: await host.compressImage(file.path, quality).catch(() => file.path) })))
    }
    if (accepted.length === 0 || uploaderRef.current !== uploader) return
    for (const task of uploader.add(accepted, { start: current.autoUpload ?? true })) {
      pickIndex.current.set(task.id, picks.current++)
    }
  }, [host, capabilities])

  const upload = useCallback(() => uploaderRef.current?.start(), [])
  const retry = useCallback((id: string) => uploaderRef.current?.retry(id), [])
  const remove = useCallback((id: string) => uploaderRef.current?.remove(id), [])
  const removeItem = useCallback(
    (key: string) => setValue(valueRef.current.filter((item) => item.key !== key)),
    [setValue],
  )
  const clear = useCallback(() => {
    uploaderRef.current?.clear()
    committed.current.clear()
    setOversize([])
    setValue([])
  }, [setValue])
  /** The engine signs where the bucket may be private; with no engine (gated host, bad options), the item's URL. */
  const urlOf = useCallback(
    (item: UploadedItem): Promise<ExpiringUrl> => uploaderRef.current?.objectUrl(item.key) ?? Promise.resolve({ url: item.url }),
    [],
  )
  const saveUrlOf = useCallback(async (item: UploadedItem) => (await urlOf(item)).url, [urlOf])
  const album = useAlbumSave(host, saveUrlOf, (error) => latest.current.onError?.(error))
  const displayUrl = useSignedUrls(value, urlOf)
  // While files are still uploading, an item uploaded from this device shows its local file: fetching the object
  // back would compete with the uploads for the connections to the bucket. Once idle, it shows the object.
  const engineTasks = uploaderRef.current?.getTasks() ?? []
  const localFiles = engineTasks.some((task) => !SETTLED.includes(task.status) && task.status !== 'error')
    ? new Map(engineTasks.flatMap((task) => (task.result ? [[task.result.key, task.file.thumbPath || task.file.path] as const] : [])))
    : undefined
  const thumbnailUrl = (item: UploadedItem) => localFiles?.get(item.key) ?? displayUrl(item)
  const preview = (item: UploadedItem) => {
    host.previewImage(value.map(displayUrl), displayUrl(item)).catch(() => undefined)
  }

  const pending = tasks.filter((task) => !SETTLED.includes(task.status) && !committed.current.has(task.id))
  return {
    value,
    /** Tasks not (yet) in `value`, in pick order. */
    tasks: pending,
    remaining: Math.max(0, maxCount - value.length - pending.length),
    disabled,
    /** Why nothing can be uploaded: a gated host or a configuration error. */
    blockedBy,
    capabilities,
    /** Why the save action asked for with `saveable` is missing on this host. */
    saveUnsupported: saveOff,
    oversize,
    pickError,
    pick,
    upload,
    retry,
    remove,
    removeItem,
    clear,
    /** The URL to show an uploaded item with: signed for private buckets when the device holds a key. */
    displayUrl,
    /** Its tile's image: `displayUrl`, or the local file while other files of this uploader are still uploading. */
    thumbnailUrl,
    preview,
    ...album,
  }
}

export type CosUploaderApi = ReturnType<typeof useCosUploader>
