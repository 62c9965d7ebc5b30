// <CosUploader>: a grid of tiles plus an add trigger, rendering what useCosUploader holds.
import { forwardRef, memo, useImperativeHandle, useMemo, type CSSProperties, type ReactNode } from 'react'
import type { Locale } from '../core/errors'
import { uploaderNotices } from '../ui/notices'
import { uploaderStrings } from '../ui/strings'
import { styles } from '../ui/styles'
import { Box, Label } from './elements'
import { ItemTile, TaskTile, type ItemTileProps, type TaskTileProps } from './Tile'
import { useCosUploader, type CosUploaderApi, type CosUploaderOptions } from './useCosUploader'

export interface CosUploaderProps extends CosUploaderOptions {
  /** Default true. Deleting a tile that is still uploading aborts the upload. */
  deletable?: boolean
  /** Tap an uploaded image to preview it full screen. Default true. */
  previewable?: boolean
  /** A custom trigger: content for the add button, or a render function given the uploader's API. */
  children?: ReactNode | ((api: CosUploaderApi) => ReactNode)
  className?: string
  /** Set `--cos-uploader-size`, `--cos-uploader-gap`, … here or in a stylesheet. */
  style?: CSSProperties
}

export interface CosUploaderRef {
  /** Starts queued uploads (with `autoUpload={false}`). */
  upload(): void
  /** Cancels every upload and empties the value. */
  clear(): void
}

/**
 * A progress event changes one task: only its tile re-renders. The callbacks are fresh closures every render but
 * act on `task.id` through the hook's stable retry/remove, so the same task means the same behaviour.
 */
const UploadTile = memo(TaskTile, (before: TaskTileProps, after: TaskTileProps) =>
  before.task === after.task && before.t === after.t && before.locale === after.locale && !before.onDelete === !after.onDelete)

/**
 * An uploaded item's tile changes rarely: the progress of other uploads re-renders none of them (100 tiles of Taro's
 * components at every frame cost the H5 upload time). Its callbacks act on the item's key, so the same key, image and
 * save state mean the same behaviour.
 */
const DoneTile = memo(ItemTile, (before: ItemTileProps, after: ItemTileProps) =>
  before.image === after.image && before.file === after.file && before.save === after.save && before.t === after.t &&
  before.locale === after.locale && !before.onPreview === !after.onPreview && !before.onSave === !after.onSave && !before.onDelete === !after.onDelete)

export const CosUploader = forwardRef<CosUploaderRef, CosUploaderProps>(function CosUploader(props, ref) {
  const api = useCosUploader(props)
  const locale = props.locale ?? 'zh-CN'
  const t = useMemo(() => uploaderStrings(locale), [locale])
  const deletable = (props.deletable ?? true) && !props.disabled
  const canSave = props.saveable && !api.saveUnsupported
  useImperativeHandle(ref, () => ({ upload: api.upload, clear: api.clear }), [api.upload, api.clear])

  const trigger = typeof props.children === 'function' ? props.children(api) : api.remaining > 0 && (
    <Box
      className={`cos-uploader__add${api.disabled ? ' cos-uploader__add--disabled' : ''}`}
      style={api.disabled ? { ...styles.add, ...styles.disabled } : styles.add}
      role='button'
      aria-label={t.add}
      aria-disabled={api.disabled}
      onClick={api.disabled ? undefined : api.pick}
    >
      {props.children ?? '+'}
    </Box>
  )

  return (
    <Box className={`cos-uploader ${props.className ?? ''}`} style={{ ...styles.root, ...props.style }}>
      {api.value.map((item) => (
        <DoneTile
          key={item.key}
          t={t}
          locale={locale}
          save={api.saves[item.key]}
          image={api.thumbnailUrl(item)}
          file={api.localFile(item)}
          onPreview={props.previewable ?? true ? () => api.preview(item) : undefined}
          onSave={canSave ? () => api.save(item) : undefined}
          onOpenSetting={() => api.openSettingAndSave(item.key)}
          onDelete={deletable ? () => api.removeItem(item.key) : undefined}
        />
      ))}
      {api.tasks.map((task) => (
        <UploadTile
          key={task.id}
          task={task}
          t={t}
          locale={locale}
          onRetry={() => api.retry(task.id)}
          onShowError={() => api.showError(task.id)}
          onDelete={deletable ? () => api.remove(task.id) : undefined}
        />
      ))}
      {trigger}
      {uploaderNotices(api, props, t, locale).map((notice, index) => (
        <Label key={index} className={notice.className} style={styles[notice.tone]}>{notice.text}</Label>
      ))}
    </Box>
  )
})
