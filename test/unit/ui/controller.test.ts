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
