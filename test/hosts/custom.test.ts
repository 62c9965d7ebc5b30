// createHost(api, id): a platform of your own, here a class over the fake WeChat `wx` that calls it through `this`.
import { createHost, type HostApi } from '../../src/lib/hosts'
import { addPhoto, callsTo, createFakeHost, tempPath } from '../support/fake-hosts'

type Wx = Record<string, (options: unknown) => unknown>

/** Only picking, uploading and the dialog: no compressImage, no save. */
class MyPlatform implements HostApi {
  constructor(private readonly wx: Wx) {}
  chooseImage(options: Parameters<NonNullable<HostApi['chooseImage']>>[0]) {
    return this.wx.chooseImage(options)
  }
  uploadFile(options: Parameters<NonNullable<HostApi['uploadFile']>>[0]) {
    return this.wx.uploadFile(options) as ReturnType<NonNullable<HostApi['uploadFile']>>
  }
  showModal(options: Parameters<NonNullable<HostApi['showModal']>>[0]) {
    options.success?.({})
  }
}

function setup() {
  const { api, device } = createFakeHost('weapp')
  addPhoto(device, 'a.jpg', 100)
  return { platform: new MyPlatform(api as unknown as Wx), device }
}

it('calls a class\'s methods on the instance; what it lacks is off with api-missing', async () => {
  const { platform, device } = setup()
  const host = createHost(platform, 'weapp')
  await expect(host.chooseImages({ count: 1 })).resolves.toEqual([expect.objectContaining({ path: tempPath(device, 'a.jpg') })])
  expect(callsTo(device, 'chooseImage')).toHaveLength(1)
  const caps = host.capabilities()
  expect([caps.pick.supported, caps.upload.supported, caps.compress.supported, caps.saveToAlbum.supported]).toEqual([true, true, false, false])
  expect(caps.compress.reason?.code).toBe('api-missing')
  await expect(host.showModal({ title: 't', content: 'c' })).resolves.toBeUndefined()
})

it('on H5 the class keeps its methods, and saving is the browser\'s download', async () => {
  const { platform, device } = setup()
  const host = createHost(platform, 'h5')
  await expect(host.chooseImages({ count: 1 })).resolves.toHaveLength(1)
  expect(callsTo(device, 'chooseImage')).toHaveLength(1)
  const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined)
  try {
    await expect(host.saveImageToAlbum('blob:http://localhost/1')).resolves.toBe('downloaded')
    expect(click).toHaveBeenCalledTimes(1)
  } finally {
    click.mockRestore()
  }
})
