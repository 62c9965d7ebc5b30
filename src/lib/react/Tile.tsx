// One tile per file: an upload in progress (or failed), or an uploaded item.
import { Image, Progress, Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import type { Locale } from '../core/errors'
import type { UploadTaskState } from '../core/upload/types'
import type { SaveState } from '../ui/controller'
import type { UploaderStrings } from '../ui/strings'
import { canSaveAgain, saveStatusText, taskImage, taskStatusText } from '../ui/tiles'
import { PROGRESS_COLOR, styles } from '../ui/styles'

function Action(props: { label: string; onTap: () => void; className: string }) {
  return (
    <Text className={props.className} style={styles.action} onClick={(event) => {
      event.stopPropagation()
      props.onTap()
    }}>
      {props.label}
    </Text>
  )
}

function TileFrame(props: { image: string; onImageTap?: () => void; onDelete?: () => void; t: UploaderStrings; status: string; children?: ReactNode }) {
  return (
    <View className={`cos-uploader__tile cos-uploader__tile--${props.status}`} style={styles.tile}>
      <Image className='cos-uploader__image' src={props.image} mode='aspectFill' style={styles.image} onClick={props.onImageTap} />
      {props.children && <View className='cos-uploader__overlay' style={styles.overlay}>{props.children}</View>}
      {props.onDelete && (
        <View className='cos-uploader__delete' style={styles.remove} role='button' aria-label={props.t.delete} onClick={props.onDelete}>
          ×
        </View>
      )}
    </View>
  )
}

export interface TaskTileProps {
  task: UploadTaskState
  t: UploaderStrings
  locale: Locale
  onRetry: () => void
  /** A failed tile's full diagnosis, in the host's dialog. */
  onShowError: () => void
  onDelete?: () => void
}

export function TaskTile({ task, t, locale, onRetry, onShowError, onDelete }: TaskTileProps) {
  const status = task.status
  const failed = status === 'error'
  const statusText = taskStatusText(task, t, locale)
  return (
    <TileFrame image={taskImage(task)} onImageTap={failed ? onShowError : undefined} onDelete={onDelete} t={t} status={status}>
      {status === 'uploading' && (
        <Progress className='cos-uploader__progress' percent={task.percent} strokeWidth={3} activeColor={PROGRESS_COLOR} />
      )}
      {statusText !== undefined && <Text className='cos-uploader__status'>{statusText}</Text>}
      {failed && (
        <>
          <Text className='cos-uploader__error' style={styles.error} onClick={onShowError}>{t.failed}</Text>
          <Action className='cos-uploader__retry' label={t.retry} onTap={onRetry} />
        </>
      )}
    </TileFrame>
  )
}

export interface ItemTileProps {
  /** The item's URL, signed where the bucket is private. */
  image: string
  t: UploaderStrings
  locale: Locale
  save?: SaveState
  onPreview?: () => void
  onSave?: () => void
  onOpenSetting: () => void
  onDelete?: () => void
}

export function ItemTile({ image, t, locale, save, onPreview, onSave, onOpenSetting, onDelete }: ItemTileProps) {
  return (
    <TileFrame image={image} onImageTap={onPreview} onDelete={onDelete} t={t} status='done'>
      {(save || onSave) && (
        <>
          {save && <Text className='cos-uploader__save-status'>{saveStatusText(save, t, locale)}</Text>}
          {save?.status === 'permission-denied' && (
            <Action className='cos-uploader__open-setting' label={t.openSetting} onTap={onOpenSetting} />
          )}
          {onSave && canSaveAgain(save) && <Action className='cos-uploader__save' label={t.save} onTap={onSave} />}
        </>
      )}
    </TileFrame>
  )
}
