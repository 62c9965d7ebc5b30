// The uni adapter's own part (the shared host functions run against it in every other suite here): the platform from
// the build's UNI_PLATFORM or the runtime's uniPlatform, the `uni` it reads, and uni-h5, which the H5 host meets
// through the same code as Taro H5. The fake `uni` (support/fake-hosts/uni.ts) mirrors uni's runtime.
// Picking and uploads on uni's H5 build (the browser's own, as on Taro H5) are in h5.test.ts, beside the emulator.
import { type HostError } from '../../src/lib/core/errors'
import { addPhoto, callsTo, createFakeHost, createFakeUni, loadHost, tempPath } from '../support/fake-hosts'
import type { UniPlatformName } from '../support/fake-hosts/uni'

jest.setTimeout(20_000)

const failure = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected a failure') }, (e: HostError) => e)

function loadUniModule(): typeof import('../../src/lib/hosts/uni') {
  let module: typeof import('../../src/lib/hosts/uni') | undefined
  jest.isolateModules(() => {
    module = require('../../src/lib/hosts/uni')
  })
  return module!
}

/** Runs `fn` with process.env.UNI_PLATFORM set as a uni build sets it, then restores it. */
function withBuildPlatform<T>(value: string | undefined, fn: () => T): T {
  const before = process.env.UNI_PLATFORM
  if (value === undefined) delete process.env.UNI_PLATFORM
  else process.env.UNI_PLATFORM = value
  try {
    return fn()
  } finally {
    if (before === undefined) delete process.env.UNI_PLATFORM
    else process.env.UNI_PLATFORM = before
  }
}

describe('the platform', () => {
  const { uniPlatform } = loadUniModule()
  const runtime = (uniPlatform: unknown) => ({ getSystemInfoSync: () => ({ uniPlatform }) }) as never

  it.each([
    ['mp-weixin', 'weapp'], ['mp-qq', 'qq'], ['mp-alipay', 'alipay'], ['mp-toutiao', 'tt'], ['mp-baidu', 'swan'], ['mp-jd', 'jd'],
    ['web', 'h5'],
    // uni's other platforms are not ours: gated as unknown.
    ['app', 'unknown'], ['mp-lark', 'unknown'], ['mp-kuaishou', 'unknown'], ['mp-360', 'unknown'], ['mp-harmony', 'unknown'],
    ['quickapp-webview', 'unknown'], ['constructor', 'unknown'], [undefined, 'unknown'],
  ])('runtime uniPlatform %p → %s', (name, host) => {
    expect(withBuildPlatform(undefined, () => uniPlatform(runtime(name)))).toBe(host)
  })

  it('the build\'s UNI_PLATFORM comes first (h5 there, web at run time)', () => {
    expect(withBuildPlatform('h5', () => uniPlatform(runtime('mp-weixin')))).toBe('h5')
    expect(withBuildPlatform('mp-alipay', () => uniPlatform(undefined))).toBe('alipay')
    expect(withBuildPlatform('app', () => uniPlatform(runtime('mp-weixin')))).toBe('unknown')
  })

  it('a getSystemInfoSync that throws, or none, is an unknown host, not a crash', () => {
    const throwing = { getSystemInfoSync: () => { throw new Error('getSystemInfoSync:fail') } }
    expect(withBuildPlatform(undefined, () => [uniPlatform(throwing), uniPlatform({}), uniPlatform(undefined)])).toEqual(['unknown', 'unknown', 'unknown'])
  })

  it.each([['mp-toutiao', 'tt'], ['mp-qq', 'qq']] as Array<[UniPlatformName, string]>)('createUniHost over a %s build is %s', (platform, host) => {
    const uni = createFakeUni(platform, createFakeHost('weapp').api)
    expect(loadUniModule().createUniHost({ uni }).id).toBe(host)
  })
})

describe('the `uni` it reads', () => {
  afterEach(() => {
    delete (globalThis as Record<string, unknown>).uni
  })

  it('default: the app\'s `uni` (injected by uni\'s build; a global here)', async () => {
    const { api, device } = createFakeHost('weapp')
    addPhoto(device, 'a.jpg', 100)
    ;(globalThis as Record<string, unknown>).uni = createFakeUni('mp-weixin', api)
    const host = loadUniModule().createUniHost()
    expect(host.id).toBe('weapp')
    await expect(host.chooseImages({ count: 1 })).resolves.toEqual([expect.objectContaining({ path: tempPath(device, 'a.jpg') })])
    expect(callsTo(device, 'chooseMedia')).toHaveLength(1)
  })

  it('no `uni` at all (not a uni-app build): an unknown host, everything off with host-unknown, nothing thrown at creation', async () => {
    const host = withBuildPlatform(undefined, () => loadUniModule().createUniHost({ allowUnverifiedHosts: true }))
    expect(host.id).toBe('unknown')
    expect(host.capabilities().upload.reason?.code).toBe('host-unknown')
    expect((await failure(host.chooseImages({ count: 1 }))).code).toBe('host-unknown')
  })
})

describe('uni\'s promise-or-task (dcloudio/uni-app#3607), as the fake plays it', () => {
  it('without callbacks uploadFile returns a bare promise; with one, the UploadTask', async () => {
    const { api, device } = createFakeHost('weapp')
    addPhoto(device, 'a.jpg', 100)
    const uni = createFakeUni('mp-weixin', api)
    // Nothing listens on the discard port: both calls fail, and each is awaited.
    const options = { url: 'http://127.0.0.1:9/', filePath: tempPath(device, 'a.jpg'), name: 'file' }
    const promise = uni.uploadFile(options)
    expect(promise).toBeInstanceOf(Promise)
    expect(promise.onProgressUpdate).toBeUndefined()
    await expect(promise).rejects.toMatchObject({ errMsg: expect.stringMatching(/^uploadFile:fail /) })
    let task: { onProgressUpdate?: unknown; abort(): void } | undefined
    const completed = new Promise((resolve) => {
      task = uni.uploadFile({ ...options, complete: resolve })
    })
    expect(typeof task!.onProgressUpdate).toBe('function')
    task!.abort()
    await completed
  })
})

describe('uni-h5: the H5 host over uni', () => {
  it('uni\'s H5 build picks with the browser\'s own file input, never uni-h5\'s chooseImage (the rest: h5.test.ts)', async () => {
    const { hosts, device } = loadHost('h5', undefined, 'uni')
    const picking = hosts.chooseImages({ count: 1 })
    const input = document.querySelector<HTMLInputElement>('input[type=file]')!
    Object.defineProperty(input, 'files', { configurable: true, value: [new File(['x'], 'shot.png', { type: 'image/png' })] })
    input.dispatchEvent(new Event('change'))
    expect(await picking).toEqual([expect.objectContaining({ name: 'shot.png', type: 'image/png', file: expect.any(File) })])
    expect(callsTo(device!, 'chooseImage')).toEqual([])
  })

  it('save is the browser\'s download ("downloaded"), never uni-h5\'s saveImageToPhotosAlbum ("not supported")', async () => {
    const { hosts, device } = loadHost('h5', undefined, 'uni')
    const clicked: string[] = []
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.href)
    })
    try {
      await expect(hosts.saveImageToAlbum('blob:http://localhost/1234')).resolves.toBe('downloaded')
    } finally {
      click.mockRestore()
    }
    expect(clicked).toEqual(['blob:http://localhost/1234'])
    expect(callsTo(device!, 'saveImageToPhotosAlbum')).toEqual([])
    expect(document.querySelectorAll('a[download]')).toHaveLength(0)
  })
})
