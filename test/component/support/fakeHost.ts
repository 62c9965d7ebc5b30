// The host layer faked at its contract (src/lib/hosts/types.ts UploaderHost): the picker answers with the
// files a test queues, uploads go through a ScriptedTransport, every other host call is a recorded jest.fn.
import { type PickedFile } from '../../../src/lib/core/upload/types'
import type { Capabilities, Capability, HostId, UploaderHost } from '../../../src/lib/hosts/types'
import { ScriptedTransport } from './scriptedTransport'

const yes: Capability = { supported: true }

export function fakeFile(name: string, size = 1000): PickedFile {
  return { path: `wxfile://tmp/${name}`, size, type: 'image/jpeg', name, width: 640, height: 480 }
}

export interface FakeHost extends UploaderHost {
  scripted: ScriptedTransport
  chooseImages: jest.Mock<Promise<PickedFile[]>, [{ count?: number }?]>
  download: jest.Mock<Promise<string>, [string]>
  saveImageToAlbum: jest.Mock<Promise<'saved' | 'downloaded'>, [string]>
  openSetting: jest.Mock<Promise<boolean>, []>
  openSettingAndSave: jest.Mock<Promise<'saved' | 'downloaded'>, [string]>
  compressImage: jest.Mock<Promise<string>, [string, number?]>
  previewImage: jest.Mock<Promise<void>, [string[], string?]>
  showModal: jest.Mock<Promise<void>, [{ title: string; content: string }]>
  /** Queue the files the next picker call returns (cut to `count`, as the mini-program pickers do). */
  willPick(files: PickedFile[]): void
}

export function createFakeHost(
  overrides: { id?: HostId; capabilities?: Partial<Capabilities>; maxConcurrent?: number } = {},
): FakeHost {
  const picks: PickedFile[][] = []
  const scripted = new ScriptedTransport()
  const capabilities: Capabilities = {
    pick: yes, upload: yes, progress: yes, abort: yes, download: yes, saveToAlbum: yes, compress: yes, ...overrides.capabilities,
  }
  return {
    id: overrides.id ?? 'weapp',
    scripted,
    uploadForm: (request) => scripted.uploadForm(request),
    chooseImages: jest.fn(async (options?: { count?: number }) => (picks.shift() ?? []).slice(0, options?.count ?? 9)),
    download: jest.fn(async (url: string) => `wxfile://tmp/downloaded-${url.split('?')[0].split('/').pop()}`),
    saveImageToAlbum: jest.fn(async (_path: string) => 'saved' as const),
    openSetting: jest.fn(async () => true),
    openSettingAndSave: jest.fn(async (_path: string) => 'saved' as const),
    compressImage: jest.fn(async (path: string, _quality?: number) => `${path}.compressed.jpg`),
    previewImage: jest.fn(async (_urls: string[], _current?: string) => undefined),
    showModal: jest.fn(async (_options: { title: string; content: string }) => undefined),
    capabilities: () => capabilities,
    maxConcurrentUploads: () => overrides.maxConcurrent ?? 10,
    willPick(files) {
      picks.push(files)
    },
  }
}
