// Tiles of files picked on H5, where the host keeps the browser's own File (hosts/h5-pick.ts): each is shown through
// one object URL made when its tile shows it, kept when the upload's tile becomes its item's while others upload, and
// revoked when no tile shows it any more (the item shows its object once the uploader is idle, or is deleted).
import { act, fireEvent, screen } from '@testing-library/react'
import type { PickedFile } from '../../src/lib/core/upload/types'
import { frame, NOW, pick, setup } from './support/render'

let made: Blob[]
let revoked: string[]

beforeEach(() => {
  jest.useFakeTimers({ now: NOW })
  made = []
  revoked = []
  Object.assign(URL, {
    createObjectURL: (blob: Blob) => `blob:http://localhost/${made.push(blob)}`,
    revokeObjectURL: (url: string) => void revoked.push(url),
  })
})
afterEach(() => jest.useRealTimers())

const browserFile = (name: string): PickedFile => ({ path: `h5file://1/0/${name}`, size: 1000, type: 'image/png', name, file: new Blob(['x']) })
const images = (container: HTMLElement) => Array.from(container.querySelectorAll('.cos-uploader__image'), (image) => image.getAttribute('src'))

it('a picked File shows through its object URL from the first paint, kept while others upload, revoked when its tile goes', async () => {
  const t = setup()
  await frame()
  const [a, b, c] = [browserFile('a.png'), browserFile('b.png'), browserFile('c.png')]
  await pick(t.host, [a, b, c])
  expect(images(t.container)).toEqual(['blob:http://localhost/1', 'blob:http://localhost/2', 'blob:http://localhost/3'])
  expect(made).toEqual([a.file, b.file, c.file])
  // The upload posts the File itself.
  expect(t.host.scripted.of(a.path).request.file).toBe(a.file)

  act(() => t.host.scripted.of(a.path).succeed())
  await frame()
  // a's upload tile became its item's: the same URL, not made again, not revoked.
  expect(t.container.querySelectorAll('.cos-uploader__tile--done')).toHaveLength(1)
  expect(images(t.container)).toEqual(['blob:http://localhost/1', 'blob:http://localhost/2', 'blob:http://localhost/3'])
  expect([made.length, revoked]).toEqual([3, []])

  // Deleting c's upload tile revokes its URL.
  fireEvent.click(screen.getAllByLabelText('删除')[2])
  // Rendered at the next frame; revoked a tick after the tile went.
  await frame()
  await frame()
  expect(images(t.container)).toHaveLength(2)
  expect(revoked).toEqual(['blob:http://localhost/3'])

  act(() => t.host.scripted.of(b.path).succeed())
  await frame()
  await frame()
  // Idle: the items show their objects (signed URLs), and no tile shows a File any more.
  expect(images(t.container).map((src) => src?.split('?')[0])).toEqual([
    expect.stringMatching(new RegExp(`${t.host.scripted.of(a.path).request.formData.key}$`)),
    expect.stringMatching(new RegExp(`${t.host.scripted.of(b.path).request.formData.key}$`)),
  ])
  expect(revoked.sort()).toEqual(['blob:http://localhost/1', 'blob:http://localhost/2', 'blob:http://localhost/3'])
})
