// Renders <CosUploader> against a fake host and a real engine, with fake timers (one frame = 16 ms).
import { act, fireEvent, render, screen } from '@testing-library/react'
import { createRef } from 'react'
import { type PickedFile } from '../../../src/lib/core/upload/types'
import { CosUploader, type CosUploaderProps, type CosUploaderRef } from '../../../src/lib/react'
import { createFakeHost, type FakeHost } from './fakeHost'

export const BUCKET = 'examplebucket-1250000000'
export const REGION = 'ap-guangzhou'
export const NOW = Date.parse('2026-11-22T08:00:00Z')

/** What qcloud-cos-sts's getCredential answers (server clock). */
export function stsAnswer(id = 1) {
  const startTime = Math.floor(Date.now() / 1000)
  return {
    credentials: { tmpSecretId: `AKIDtemp${id}`, tmpSecretKey: `tmpSecret${id}`, sessionToken: `token${id}` },
    startTime,
    expiredTime: startTime + 1800,
  }
}

export function setup(props: Partial<CosUploaderProps> = {}, host: FakeHost = createFakeHost()) {
  let issued = 0
  const getCredentials = jest.fn(async () => stsAnswer(++issued))
  const callbacks = {
    onChange: jest.fn(), onSuccess: jest.fn(), onError: jest.fn(), onProgress: jest.fn(),
    onQueueChange: jest.fn(), onOversize: jest.fn(), onUnsupported: jest.fn(),
  }
  const ref = createRef<CosUploaderRef>()
  const element = (extra: Partial<CosUploaderProps> = {}) => (
    <CosUploader
      ref={ref} host={host} bucket={BUCKET} region={REGION} getCredentials={getCredentials}
      {...callbacks} {...props} {...extra}
    />
  )
  const view = render(element())
  return {
    host, getCredentials, ref, ...callbacks, ...view,
    rerenderWith: (extra: Partial<CosUploaderProps>) => view.rerender(element(extra)),
  }
}

/** Lets promises settle and one animation frame pass. */
export async function frame(ms = 16) {
  await act(async () => {
    await jest.advanceTimersByTimeAsync(ms)
  })
}

export async function pick(host: FakeHost, files: PickedFile[], addLabel = '添加图片') {
  host.willPick(files)
  fireEvent.click(screen.getByLabelText(addLabel))
  await frame()
}

export const tiles = (container: HTMLElement) => Array.from(container.querySelectorAll('.cos-uploader__tile'))
export const statuses = (container: HTMLElement) =>
  tiles(container).map((tile) => tile.className.replace(/.*cos-uploader__tile--/, ''))

/**
 * A failed tile says only that it failed; a tap shows the full diagnosis in the host's dialog. Taps the first failed
 * tile's status and returns the dialog's first line (the diagnosis); undefined when no tile failed.
 */
export function diagnosisShown(t: { container: HTMLElement; host: FakeHost }): string | undefined {
  const status = t.container.querySelector('.cos-uploader__error')
  if (!status) return undefined
  fireEvent.click(status)
  const calls = t.host.showModal.mock.calls
  return calls[calls.length - 1]?.[0].content.split('\n')[0]
}
