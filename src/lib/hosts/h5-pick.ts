// Picking on H5 with the browser's own file input, in chooseMedia's shape (choose-images.ts reads it like any host's):
// each picked File is kept as it is, with no thumbnail drawn and nothing read. Its tempFilePath names it and is no URL:
// a tile shows the File through an object URL made while it is shown (ui/file-images.ts), and the upload posts the
// File itself (h5-upload.ts).
import type { HostCallbacks, HostMediaFile } from './types'

let picks = 0

export function chooseFiles(options: { count: number; sourceType?: Array<'album' | 'camera'> } & HostCallbacks<{ tempFiles?: HostMediaFile[] }>): void {
  const { count, sourceType, success, fail } = options
  const input = document.createElement('input')
  input.type = 'file'
  input.accept = 'image/*'
  // The browser can't cap the number of files: choose-images.ts keeps the first `count`.
  input.multiple = count > 1
  // Camera only: mobile browsers open it at once.
  if (sourceType?.length === 1 && sourceType[0] === 'camera') input.setAttribute('capture', 'environment')
  input.style.display = 'none'
  const pick = ++picks
  input.addEventListener('change', () => {
    input.remove()
    const tempFiles = Array.from(input.files ?? [], (file, i): HostMediaFile => ({
      tempFilePath: `h5file://${pick}/${i}/${file.name}`, size: file.size, fileType: file.type, originalFileObj: file,
    }))
    success?.({ tempFiles })
  })
  // Closed without a pick (Chrome 113+, Safari 16.4+, Firefox 91+; older browsers say nothing).
  input.addEventListener('cancel', () => {
    input.remove()
    fail?.({ errMsg: 'chooseMedia:fail cancel' })
  })
  // In the page, as some mobile browsers require; opened within the user's tap.
  document.body.appendChild(input)
  input.click()
}
