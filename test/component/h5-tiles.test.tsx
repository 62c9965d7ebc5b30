// Tiles of files picked on H5, where the host keeps the browser's own File (hosts/h5-pick.ts): each is shown through
// one object URL made when its tile shows it, kept when the upload's tile becomes its item's (no object fetched back:
// the File lasts as long as the page), and revoked when the tile goes.
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

it('a picked File shows through its object URL from the first paint, kept after its upload, revoked when deleted', async () => {
  const t = setup()
  await frame()
  const [a, b] = [browserFile('a.png'), browserFile('b.png')]
  await pick(t.host, [a, b])
  expect(images(t.container)).toEqual(['blob:http://localhost/1', 'blob:http://localhost/2'])
  expect(made).toEqual([a.file, b.file])
  // The upload posts the File itself.
  expect(t.host.scripted.of(a.path).request.file).toBe(a.file)

  act(() => t.host.scripted.of(a.path).succeed())
  await frame()
  act(() => t.host.scripted.of(b.path).succeed())
  await frame()
  // Done and idle: still the local Files, never the objects fetched back; no URL made again, none revoked.
  expect(t.container.querySelectorAll('.cos-uploader__tile--done')).toHaveLength(2)
  expect(images(t.container)).toEqual(['blob:http://localhost/1', 'blob:http://localhost/2'])
  expect([made.length, revoked]).toEqual([2, []])

  fireEvent.click(screen.getAllByLabelText('删除')[0])
  await frame()
  expect(images(t.container)).toEqual(['blob:http://localhost/2'])
  expect(revoked).toEqual(['blob:http://localhost/1'])
})
