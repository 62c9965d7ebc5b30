// <CosUploader> on its own. In H5 the query string points it at the bench's emulator and STS service
// (?sts=…&endpoint=…&count=…); the bench listens on window.benchUploaded(keys) for the uploaded object keys, and reads
// window.benchTaken (the names of the files the uploader took from its picker, announced by a `bench-taken` event)
// to offer the rest again when one pick takes fewer than offered.
import { CosUploader, type UploadTaskState } from '../../../src/lib'
import { getCredentials } from './credentials'

const query = new URLSearchParams(typeof location === 'undefined' ? '' : location.search)
const count = Number(query.get('count') || 20)

const page = globalThis as { benchUploaded?: (keys: string[]) => void; benchTaken?: string[] }

const report = (keys: string[]) => page.benchUploaded?.(keys)

const taken = new Set<string>()
let announcing = false
const noteTaken = (tasks: UploadTaskState[]) => {
  for (const task of tasks) taken.add(task.file.name || task.file.path)
  page.benchTaken = [...taken]
  if (announcing || typeof dispatchEvent !== 'function') return
  // Once per burst: the tasks of one pick are added together.
  announcing = true
  setTimeout(() => {
    announcing = false
    dispatchEvent(new Event('bench-taken'))
  })
}

export function PageBody() {
  return (
    <CosUploader
      bucket={query.get('bucket') || 'examplebucket-1250000000'}
      region={query.get('region') || 'ap-guangzhou'}
      endpoint={query.get('endpoint') || undefined}
      getCredentials={getCredentials}
      prefix='uploads/bench/ours/'
      maxCount={count}
      count={count}
      previewable={false}
      onChange={(value) => report(value.map((item) => item.key))}
      onQueueChange={noteTaken}
    />
  )
}
