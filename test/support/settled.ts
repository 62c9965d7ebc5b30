import { type TaskStatus, type Uploader, type UploadTaskState } from '../../src/lib/core/upload/types'

/** Resolves with the tasks once every task is in one of `final` (default: done, error or canceled). */
export function settled(uploader: Uploader, final: TaskStatus[] = ['done', 'error', 'canceled']): Promise<UploadTaskState[]> {
  return new Promise((resolve) => {
    const check = (tasks: UploadTaskState[]) => {
      if (tasks.length && tasks.every((task) => final.includes(task.status))) {
        unsubscribe()
        resolve(tasks)
      }
    }
    const unsubscribe = uploader.subscribe(check)
    check(uploader.getTasks())
  })
}
