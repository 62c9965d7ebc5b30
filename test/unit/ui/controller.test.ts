// The uploader controller (src/lib/ui) driven with no framework at all, in plain Node, the way the React hook does
// and a Vue composable (uni-app, issue 16) will: props in, view() out, a listener told when to update.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createUploaderController, type CosUploaderOptions } from '../../../src/lib/ui/controller'
import { createFakeHost, fakeFile } from '../../component/support/fakeHost'

const UI = join(__dirname, '..', '..', '..', 'src', 'lib', 'ui')

beforeEach(() => {
  jest.useFakeTimers({ now: Date.parse('2026-11-22T08:00:00Z') })
})

afterEach(() => {
  jest.useRealTimers()
})

const settle = () => jest.advanceTimersByTimeAsync(16)

function setup(props: Partial<CosUploaderOptions> = {}) {
  const host = createFakeHost()
  const startTime = Math.floor(Date.now() / 1000)
  const options: CosUploaderOptions = {
    bucket: 'examplebucket-1250000000', region: 'ap-guangzhou', prefix: 'first/',
    getCredentials: async () => ({ credentials: { tmpSecretId: 'AKIDtemp', tmpSecretKey: 'tmpSecret', sessionToken: 'token' }, startTime, expiredTime: startTime + 1800 }),
    onChange: jest.fn(),
    ...props,
  }
  const controller = createUploaderController(host, options)
  const updates = jest.fn()
  controller.subscribe(updates)
  controller.start()
  return { host, controller, options, updates }
}

it('imports no framework: only the core, the host contract and its own modules', () => {
  const imported = readdirSync(UI).flatMap((file) =>
    [...readFileSync(join(UI, file), 'utf8').matchAll(/^(?:import|export)[^'"]*from '([^']+)'/gm)].map((match) => `${file}: ${match[1]}`))
  expect(imported.length).toBeGreaterThan(10)
  expect(imported.filter((line) => !/: (\.\/|\.\.\/core\/|\.\.\/hosts\/types$)/.test(line))).toEqual([])
})

it('uploads what it picks and commits the items in pick order, telling its listener to update', async () => {
  const { host, controller, options, updates } = setup()
  host.willPick([fakeFile('a.jpg'), fakeFile('b.jpg')])
  await controller.pick()
  await settle()
  const [a, b] = host.scripted.uploads
  expect(controller.view().tasks.map((task) => task.status)).toEqual(['uploading', 'uploading'])

  b.succeed()
  await settle()
  a.succeed()
  await settle()
  expect(controller.view().value.map((item) => item.key)).toEqual([a.request.formData.key, b.request.formData.key])
  expect(controller.view().tasks).toEqual([])
  expect(options.onChange).toHaveBeenLastCalledWith(controller.view().value)
  expect(updates).toHaveBeenCalled()
})

it('a new prefix goes to the next pick and leaves the upload in flight alone', async () => {
  const { host, controller, options } = setup()
  host.willPick([fakeFile('a.jpg')])
  await controller.pick()
  await settle()
  const [first] = host.scripted.uploads

  controller.setProps({ ...options, prefix: 'second/' })
  controller.sync()
  host.willPick([fakeFile('b.jpg')])
  await controller.pick()
  await settle()
  expect(first.aborted).toBe(false)
  expect(host.scripted.uploads.map((upload) => upload.request.formData.key.split('/')[0])).toEqual(['first', 'second'])
})

it('shows a failed upload\'s diagnosis with COS\'s Code and RequestId in the host dialog', async () => {
  const { host, controller } = setup()
  host.willPick([fakeFile('a.jpg')])
  await controller.pick()
  await settle()
  host.scripted.uploads[0].failWith(403, 'AccessDenied', 'Access Denied.', 'req-1')
  await settle()
  const [failed] = controller.view().tasks
  controller.showError(failed.id)
  expect(host.showModal).toHaveBeenCalledWith({
    title: '上传失败',
    content: expect.stringMatching(/^无权限：STS 策略需允许对 first\/\S+ 执行 name\/cos:PostObject.*\nCode: AccessDenied\nRequestId: req-1$/),
  })
})

it('a second pick while the first batch finishes loses nothing: every finished upload is in value, in pick order', async () => {
  const { host, controller, options } = setup({ maxCount: 25, count: 25, concurrency: 3 })
  const first = Array.from({ length: 20 }, (_, i) => fakeFile(`a${i}.jpg`))
  const second = Array.from({ length: 5 }, (_, i) => fakeFile(`b${i}.jpg`))
  host.willPick(first)
  await controller.pick()
  await settle()
  // The second picker opens; while it is open, uploads of the first batch finish, two of them in one tick.
  let choose!: (files: typeof second) => void
  host.chooseImages.mockImplementationOnce(() => new Promise((resolve) => { choose = resolve }))
  const picking = controller.pick()
  const [one, two, three] = host.scripted.uploads
  const finished = new Set([one, two, three])
  two.succeed()
  three.succeed()
  await settle()
  one.succeed()
  choose(second)
  await picking
  await settle()
  // Then everything else finishes, each upload as soon as it is sent, in reverse order of sending.
  for (let round = 0; round < 30 && host.scripted.uploads.some((upload) => !finished.has(upload)); round++) {
    const open = host.scripted.uploads.filter((upload) => !finished.has(upload))
    ;[...open].reverse().forEach((upload) => { finished.add(upload); upload.succeed() })
    await settle()
  }
  const picked = [...first, ...second].map((file) => file.path)
  const keyOf = new Map(host.scripted.uploads.map((upload) => [upload.request.formData.key, upload.request.filePath]))
  expect(controller.view().tasks).toEqual([])
  expect(controller.view().value.map((item) => keyOf.get(item.key))).toEqual(picked)
  expect((options.onChange as jest.Mock).mock.lastCall[0]).toHaveLength(25)
})
