// ui/file-images.ts: what a tile shows for a picked file. A host path as it is; the browser's own File (H5) through one
// object URL while any tile shows it, revoked once none does, and kept when another tile takes it over in the same
// update (an upload's tile becoming its item's), so the image is not loaded and decoded again.
import { hideFile, showFile } from '../../../src/lib/ui/file-images'
import type { PickedFile } from '../../../src/lib/core/upload/types'

let made: Blob[]
let revoked: string[]

beforeEach(() => {
  jest.useFakeTimers()
  made = []
  revoked = []
  jest.spyOn(URL, 'createObjectURL').mockImplementation((blob: Blob | MediaSource) => `blob:test/${made.push(blob as Blob)}`)
  jest.spyOn(URL, 'revokeObjectURL').mockImplementation((url: string) => void revoked.push(url))
})

afterEach(() => {
  jest.restoreAllMocks()
  jest.useRealTimers()
})

const browserFile = (): PickedFile => ({ path: 'h5file://1/0/a.png', size: 1, name: 'a.png', file: new Blob(['x']) })

it('a host path (mini programs) is shown as it is, its thumbnail first; no object URL', () => {
  expect(showFile({ path: 'wxfile://tmp/a.jpg', size: 1 })).toBe('wxfile://tmp/a.jpg')
  expect(showFile({ path: 'blob:x', size: 1, thumbPath: 'data:thumb' })).toBe('data:thumb')
  hideFile({ path: 'wxfile://tmp/a.jpg', size: 1 })
  jest.runAllTimers()
  expect([made, revoked]).toEqual([[], []])
})

it('a File: one object URL for every tile showing it, revoked when the last one goes', () => {
  const file = browserFile()
  const url = showFile(file)
  expect(showFile({ ...file })).toBe(url)
  expect(made).toEqual([file.file])
  hideFile(file)
  jest.runAllTimers()
  expect(revoked).toEqual([])
  hideFile(file)
  jest.runAllTimers()
  expect(revoked).toEqual([url])
  // Shown again later: a new URL.
  expect(showFile(file)).not.toBe(url)
})

it('taken over in the same update: the same URL, never revoked in between', () => {
  const file = browserFile()
  const url = showFile(file)
  hideFile(file)
  expect(showFile(file)).toBe(url)
  jest.runAllTimers()
  expect([made.length, revoked]).toEqual([1, []])
})
