// Save to album: the signed object URL → the host's save (permission, download, save); a refused permission offers
// "open settings" (tap-triggered) that saves again; H5 says "downloaded", never "saved"; where the host can't save,
// no save button but the reason.
import { act, fireEvent, screen } from '@testing-library/react'
import { HostError } from '../../src/lib/core/errors'
import { hostTexts } from '../../src/lib/hosts/texts'
import { type UploadedItem } from '../../src/lib/core/upload/types'
import { reasons } from '../../src/lib/hosts/reasons'
import { createFakeHost, fakeFile } from './support/fakeHost'
import { BUCKET, frame, NOW, pick, REGION, setup } from './support/render'

beforeEach(() => jest.useFakeTimers({ now: NOW }))
afterEach(() => jest.useRealTimers())

const item: UploadedItem = { key: 'users/1/photo.jpg', url: `https://${BUCKET}.cos.${REGION}.myqcloud.com/users/1/photo.jpg`, size: 10 }

it('saves through a signed URL and says it was saved', async () => {
  const t = setup({ saveable: true })
  await frame()
  await pick(t.host, [fakeFile('a.jpg')])
  act(() => t.host.scripted.uploads[0].succeed())
  await frame()
  const { url } = t.onChange.mock.calls[0][0][0]

  fireEvent.click(screen.getByText('保存到相册'))
  expect(screen.getByText('保存中')).toBeTruthy()
  await frame()
  const saved = t.host.saveImageToAlbum.mock.calls[0][0]
  expect(saved.startsWith(`${url}?`)).toBe(true)
  expect(saved).toContain('q-sign-algorithm=sha1')
  expect(saved).toContain('q-ak=AKIDtemp1')
  expect(saved).toContain('x-cos-security-token=token1')
  expect(screen.getByText('已保存到相册')).toBeTruthy()
  expect(screen.queryByText('保存到相册')).toBeNull()
})

it('when album permission is refused, shows an open-settings button that saves on tap', async () => {
  const host = createFakeHost()
  host.saveImageToAlbum.mockRejectedValueOnce(new HostError('authorize:fail auth deny', hostTexts.diagnosis('permission-denied', { api: 'authorize' })))
  const t = setup({ saveable: true, defaultValue: [item] }, host)
  await frame()
  fireEvent.click(screen.getByText('保存到相册'))
  await frame()
  expect(screen.getByText('没有保存到相册的权限')).toBeTruthy()
  expect(host.openSettingAndSave).not.toHaveBeenCalled()

  fireEvent.click(screen.getByText('去设置'))
  await frame()
  expect(host.openSettingAndSave).toHaveBeenCalledWith(host.saveImageToAlbum.mock.calls[0][0])
  expect(screen.getByText('已保存到相册')).toBeTruthy()
  expect(t.onError).not.toHaveBeenCalled()
})

it('on H5 reports "downloaded", never "saved"', async () => {
  const host = createFakeHost({ id: 'h5' })
  host.saveImageToAlbum.mockResolvedValue('downloaded')
  setup({ saveable: true, defaultValue: [item], locale: 'en' }, host)
  await frame()
  fireEvent.click(screen.getByText('Save to album'))
  await frame()
  expect(screen.getByText('Downloaded')).toBeTruthy()
  expect(screen.queryByText('Saved to album')).toBeNull()
})

it('shows the diagnosis of a failed save (here: the download domain is not allowlisted) and reports it', async () => {
  const host = createFakeHost()
  const failure = new HostError('downloadFile:fail url not in domain list', hostTexts.diagnosis('domain-not-allowed', { domain: 'x.myqcloud.com', list: 'downloadFile' }))
  host.saveImageToAlbum.mockRejectedValueOnce(failure)
  const t = setup({ saveable: true, defaultValue: [item] }, host)
  await frame()
  fireEvent.click(screen.getByText('保存到相册'))
  await frame()
  expect(screen.getByText(failure.diagnosis.message['zh-CN'])).toBeTruthy()
  expect(t.onError).toHaveBeenCalledWith(failure)
  // The action stays available to try again.
  expect(screen.getByText('保存到相册')).toBeTruthy()
})

it('where the host cannot save: no save action, its reason in a notice (zh-CN, en) and once to onUnsupported', async () => {
  const reason = reasons.missingApi('saveImageToPhotosAlbum')
  const host = createFakeHost({ capabilities: { saveToAlbum: { supported: false, reason } } })
  const t = setup({ saveable: true, defaultValue: [item] }, host)
  await frame()
  expect(screen.queryByText('保存到相册')).toBeNull()
  expect(t.container.querySelector('.cos-uploader__unsupported')?.textContent).toBe(reason.message['zh-CN'])
  t.rerenderWith({ locale: 'en' })
  expect(t.container.querySelector('.cos-uploader__unsupported')?.textContent).toBe(reason.message.en)
  expect(t.onUnsupported.mock.calls).toEqual([[reason]])
})

it('says so even when the host gives no reason, and only where there are images to save', async () => {
  const host = createFakeHost({ capabilities: { saveToAlbum: { supported: false } } })
  const t = setup({ saveable: true }, host)
  await frame()
  expect(t.container.querySelector('.cos-uploader__unsupported')).toBeNull()
  expect(t.onUnsupported).toHaveBeenCalledWith({ code: 'save-unsupported', message: { 'zh-CN': '当前环境不能保存到相册', en: "This host can't save to the album" } })
  t.rerenderWith({ value: [item] })
  expect(t.container.querySelector('.cos-uploader__unsupported')?.textContent).toBe('当前环境不能保存到相册')
})

it('without saveable: no save action, no notice, nothing reported', async () => {
  const host = createFakeHost({ capabilities: { saveToAlbum: { supported: false, reason: reasons.missingApi('saveImageToPhotosAlbum') } } })
  const t = setup({ defaultValue: [item] }, host)
  await frame()
  expect(screen.queryByText('保存到相册')).toBeNull()
  expect(t.container.querySelector('.cos-uploader__unsupported')).toBeNull()
  expect(t.onUnsupported).not.toHaveBeenCalled()
})

it('uses the plain object URL in server-signed mode (no key on the device to sign with)', async () => {
  const host = createFakeHost()
  setup({ saveable: true, defaultValue: [item], getCredentials: undefined, getPostPolicy: async () => ({}) }, host)
  await frame()
  fireEvent.click(screen.getByText('保存到相册'))
  await frame()
  expect(host.saveImageToAlbum).toHaveBeenCalledWith(item.url)
})

it('previews uploaded images full screen on tap when previewable', async () => {
  const second = { ...item, key: 'users/1/two.jpg', url: item.url.replace('photo', 'two') }
  const t = setup({ defaultValue: [item, second] })
  await frame()
  fireEvent.click(t.container.querySelectorAll('.cos-uploader__image')[1])
  const [urls, current] = t.host.previewImage.mock.calls[0]
  expect(urls.map((url) => url.split('?')[0])).toEqual([item.url, second.url])
  for (const url of urls) expect(url).toContain('&q-signature=')
  expect(current).toBe(urls[1])

  t.rerenderWith({ previewable: false })
  fireEvent.click(t.container.querySelectorAll('.cos-uploader__image')[1])
  expect(t.host.previewImage).toHaveBeenCalledTimes(1)
})
