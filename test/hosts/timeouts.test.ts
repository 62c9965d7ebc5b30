// No hangs on the host transport (issue 12 item 5): uploadForm ends an attempt that makes no progress for its idle
// timeout (60 s unless told), a slow upload that keeps moving runs on, and head() has a default timeout and ends at
// once when its signal aborts. WeChat's fake host over real HTTP: to a server that never answers, and to the emulator.
import * as http from 'node:http'
import type { AddressInfo } from 'node:net'
import { startEmulator, type RunningEmulator } from '../../server/emulator'
import { abortSignal, DEFAULT_IDLE_TIMEOUT_MS } from '../../src/lib/core/transport'
import { createHost, type HostApi } from '../../src/lib/hosts'
import { ADAPTERS, addPhoto, createFakeHost, loadHost, tempPath } from '../support/fake-hosts'
import type { Adapter } from '../support/fake-hosts'
import { BUCKET, signedPostForm } from '../support/fake-hosts/cos-form'

jest.setTimeout(30_000)

let emulator: RunningEmulator
let dead: http.Server
let deadUrl: string
/** Requests the dead server got: it reads them whole and never answers. */
let arrived = 0

beforeAll(async () => {
  emulator = await startEmulator({ quiet: true, buckets: [BUCKET] })
  dead = http.createServer((req) => {
    req.resume()
    req.on('end', () => { arrived++ })
  })
  await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve))
  deadUrl = `http://127.0.0.1:${(dead.address() as AddressInfo).port}/`
})

afterAll(async () => {
  dead.closeAllConnections()
  await new Promise((resolve) => dead.close(resolve))
  await emulator.close()
})

afterEach(() => {
  jest.useRealTimers()
  emulator.setFaults({ bandwidthBytesPerSecond: 0 })
})

describe.each(ADAPTERS)('%s adapter', (adapter: Adapter) => {
  function weapp(size = 1024) {
    const { api, device } = createFakeHost('weapp')
    addPhoto(device, 'photo.jpg', size)
    return { ...loadHost('weapp', api, adapter), path: tempPath(device, 'photo.jpg') }
  }

  // jsdom has no setImmediate: a timer taken before any test fakes the timers lets real I/O run.
  const realSetTimeout = setTimeout
  const turn = () => new Promise((resolve) => realSetTimeout(resolve, 1))

  /** With fake timers: no outcome a moment before DEFAULT_IDLE_TIMEOUT_MS, the timeout failure at it. */
  async function expectDefaultTimeout(outcome: () => unknown, errMsg: string) {
    jest.advanceTimersByTime(DEFAULT_IDLE_TIMEOUT_MS - 1)
    await turn()
    expect(outcome()).toBeUndefined()
    jest.advanceTimersByTime(1)
    for (let i = 0; i < 100 && outcome() === undefined; i++) await turn()
    expect(outcome()).toMatchObject({ kind: 'network', errMsg })
  }

  it('an upload that gets no answer ends after its idle timeout, as a retryable network failure', async () => {
    const { hosts, path } = weapp()
    const started = Date.now()
    const task = hosts.uploadForm({ url: deadUrl, formData: { key: 'a.jpg' }, filePath: path, idleTimeout: 300 })
    await expect(task.response).rejects.toMatchObject({ kind: 'network', code: 'network-error', errMsg: 'uploadFile:fail timeout' })
    expect(Date.now() - started).toBeGreaterThanOrEqual(300)
  })

  it('with no idle timeout asked, it is DEFAULT_IDLE_TIMEOUT_MS: pending just before, failed at it', async () => {
    const { hosts, path } = weapp()
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'] })
    const before = arrived
    const task = hosts.uploadForm({ url: deadUrl, formData: { key: 'a.jpg' }, filePath: path })
    let outcome: unknown
    task.response.catch((error: unknown) => { outcome = error })
    // The fake host starts the request on a zero timer; then the whole body reaches the server.
    for (let i = 0; i < 2000 && arrived === before; i++) {
      jest.advanceTimersByTime(0)
      await turn()
    }
    expect(arrived).toBe(before + 1)
    await expectDefaultTimeout(() => outcome, 'uploadFile:fail timeout')
  })

  it('a slow upload that keeps moving outlives its idle timeout and is stored whole', async () => {
    // 16 MB at 4 MB/s: about 4 s, with progress all along. After the last byte is handed over, the loopback socket
    // buffers (a few MB) still drain for about a second before COS answers: that gap stays well within the bound.
    const size = 16 * 1024 * 1024
    const idleTimeout = 2500
    const { hosts, path } = weapp(size)
    emulator.setFaults({ bandwidthBytesPerSecond: 4 * 1024 * 1024 })
    const key = `timeouts/slow-${Date.now()}.jpg`
    const { url, formData } = signedPostForm(emulator, key)
    const started = Date.now()
    const response = await hosts.uploadForm({ url, formData, filePath: path, idleTimeout }).response
    expect(response.statusCode).toBe(204)
    expect(Date.now() - started).toBeGreaterThan(idleTimeout)
    expect((await emulator.readObject(BUCKET, key))?.length).toBe(size)
  })

  describe('head', () => {
    it('ends at once when its signal aborts, as canceled', async () => {
      const { hosts } = weapp()
      const before = arrived
      const controller = abortSignal()
      const answer = hosts.head({ url: deadUrl + 'a.jpg', signal: controller.signal })
      for (let i = 0; i < 2000 && arrived === before; i++) await turn()
      controller.abort()
      await expect(answer).rejects.toMatchObject({ kind: 'canceled', errMsg: 'request:fail abort' })
    })

    it('with no timeout asked, ends after DEFAULT_IDLE_TIMEOUT_MS as a network failure', async () => {
      const { hosts } = weapp()
      jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'] })
      let outcome: unknown
      hosts.head({ url: deadUrl + 'a.jpg' }).catch((error: unknown) => { outcome = error })
      await expectDefaultTimeout(() => outcome, 'request:fail timeout')
    })
  })
})

describe('the idle timeout on a host of your own', () => {
  const realSetTimeout = setTimeout
  const turn = () => new Promise((resolve) => realSetTimeout(resolve, 1))

  /** An upload on a host that reports progress when told and never answers, under fake time from 0 ms. */
  function stalledUpload(idleTimeout: number) {
    let report: ((event: { totalBytesSent: number; totalBytesExpectedToSend: number }) => void) | undefined
    const host = createHost({
      uploadFile: () => ({ abort: () => undefined, onProgressUpdate: (listener: typeof report) => { report = listener } }),
    } as unknown as HostApi, 'weapp')
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'] })
    const started = performance.now()
    const upload = { outcome: undefined as unknown, elapsed: () => performance.now() - started }
    host.uploadForm({ url: deadUrl, formData: { key: 'a.jpg' }, filePath: 'wxfile://a.jpg', idleTimeout })
      .response.catch((error: unknown) => { upload.outcome = error })
    return Object.assign(upload, {
      /** Lets fake time run until `at` ms since the start. */
      async until(at: number) {
        jest.advanceTimersByTime(at - upload.elapsed())
        await turn()
      },
      progress: (sent: number) => report!({ totalBytesSent: sent, totalBytesExpectedToSend: 2000 }),
    })
  }

  it('each progress event moves the idle deadline to idleTimeout after it, to the millisecond', async () => {
    const upload = stalledUpload(1000)
    for (const at of [300, 900]) {
      await upload.until(at)
      upload.progress(at)
    }
    await upload.until(1899)
    expect(upload.outcome).toBeUndefined()
    await upload.until(1900)
    expect(upload.outcome).toMatchObject({ kind: 'network', errMsg: 'uploadFile:fail timeout' })
  })

  it('a device clock set forward while uploading does not end the upload early', async () => {
    const upload = stalledUpload(1000)
    await upload.until(900)
    upload.progress(900)
    await upload.until(950)
    jest.setSystemTime(Date.now() + 10 * 60_000)
    await upload.until(1899)
    expect(upload.outcome).toBeUndefined()
    await upload.until(1900)
    expect(upload.outcome).toMatchObject({ kind: 'network', errMsg: 'uploadFile:fail timeout' })
  })
})
