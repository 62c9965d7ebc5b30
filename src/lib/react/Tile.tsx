// One tile per file: an upload in progress (or failed), or an uploaded item.
import { useLayoutEffect, useState, type ReactNode } from 'react'
import type { Locale } from '../core/errors'
import type { PickedFile, UploadTaskState } from '../core/upload/types'
import { hideFile, showFile } from '../ui/file-images'
import type { SaveState } from '../ui/controller'
import type { UploaderStrings } from '../ui/strings'
import { canSaveAgain, saveStatusText, taskStatusText } from '../ui/tiles'
import { PROGRESS_COLOR, styles } from '../ui/styles'
import { Bar, Box, Label, Picture } from './elements'

function Action(props: { label: string; onTap: () => void; className: string }) {
  return (
    <Label className={props.className} style={styles.action} onClick={(event) => {
      event.stopPropagation()
      props.onTap()
    }}>
      {props.label}
    </Label>
  )
}

/** A picked file's image while the tile shows it: H5's File as an object URL, set before the tile is painted. */
function useFileImage(file?: PickedFile): string | undefined {
  const [url, setUrl] = useState<string>()
  useLayoutEffect(() => {
    if (!file?.file) return
    setUrl(showFile(file))
    return () => hideFile(file)
  }, [file])
  return file?.file ? url : file && showFile(file)
}

function TileFrame(props: {
  image?: string; file?: PickedFile; onImageTap?: () => void; onDelete?: () => void; t: UploaderStrings; status: string; children?: ReactNode
}) {
  const image = useFileImage(props.file) ?? props.image
  return (
    <Box className={`cos-uploader__tile cos-uploader__tile--${props.status}`} style={styles.tile}>
      <Picture src={image} onClick={props.onImageTap} />
      {props.children && <Box className='cos-uploader__overlay' style={styles.overlay}>{props.children}</Box>}
      {props.onDelete && (
        <Box className='cos-uploader__delete' style={styles.remove} role='button' aria-label={props.t.delete} onClick={props.onDelete}>
          ×
        </Box>
      )}
    </Box>
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
    <TileFrame file={task.file} onImageTap={failed ? onShowError : undefined} onDelete={onDelete} t={t} status={status}>
      {status === 'uploading' && (
        <Bar className='cos-uploader__progress' percent={task.percent} strokeWidth={3} activeColor={PROGRESS_COLOR} />
      )}
      {statusText !== undefined && <Label className='cos-uploader__status'>{statusText}</Label>}
      {failed && (
        <>
          <Label className='cos-uploader__error' style={styles.error} onClick={onShowError}>{t.failed}</Label>
          <Action className='cos-uploader__retry' label={t.retry} onTap={onRetry} />
        </>
      )}
    </TileFrame>
  )
}

export interface ItemTileProps {
  /** The item's URL, signed where the bucket is private. */
  image: string
  /** The picked file shown instead while others upload (the controller's localFile). */
  file?: PickedFile
  t: UploaderStrings
  locale: Locale
  save?: SaveState
  onPreview?: () => void
  onSave?: () => void
  onOpenSetting: () => void
  onDelete?: () => void
}

export function ItemTile({ image, file, t, locale, save, onPreview, onSave, onOpenSetting, onDelete }: ItemTileProps) {
  return (
    <TileFrame image={image} file={file} onImageTap={onPreview} onDelete={onDelete} t={t} status='done'>
      {(save || onSave) && (
        <>
          {save && <Label className='cos-uploader__save-status'>{saveStatusText(save, t, locale)}</Label>}
          {save?.status === 'permission-denied' && (
            <Action className='cos-uploader__open-setting' label={t.openSetting} onTap={onOpenSetting} />
          )}
          {onSave && canSaveAgain(save) && <Action className='cos-uploader__save' label={t.save} onTap={onSave} />}
        </>
      )}
    </TileFrame>
  )
}
