// The uni-app <CosUploader>'s Vue idiom: v-model (controlled, and its own value without it), the add button's
// default slot and the `trigger` scoped slot, locale, theming through CSS variables, a gated host and `disabled`,
// the save action with its permission flow, provideUploaderHost, and useCosUploader in a component of one's own.
import { mount } from '@vue/test-utils'
import { defineComponent, h, ref } from 'vue'
import type { UploadedItem } from '../../../src/lib/core/upload/types'
import { HostError } from '../../../src/lib/core/errors'
import { hostTexts } from '../../../src/lib/hosts/texts'
import { reasons } from '../../../src/lib/hosts/reasons'
import CosUploader from '../../../src/lib/uni/CosUploader.vue'
import { provideUploaderHost, useCosUploader } from '../../../src/lib/uni'
import { createFakeHost, fakeFile } from '../support/fakeHost'
import { BUCKET, byLabel, frame, mountUploader, NOW, pick, REGION, statuses, stsAnswer, texts } from './support'

beforeEach(() => jest.useFakeTimers({ now: NOW }))
afterEach(() => jest.useRealTimers())

const existing: UploadedItem = { key: 'uploads/old.jpg', url: `https://${BUCKET}.cos.${REGION}.myqcloud.com/uploads/old.jpg`, size: 3 }
// Without the signature: a private bucket's images show through signed URLs.
const images = (wrapper: ReturnType<typeof mount>) => wrapper.findAll('.cos-uploader__image').map((image) => image.attributes('src')!.split('?')[0])

describe('v-model', () => {
  it('follows a parent bound with v-model, including two uploads finishing in one tick', async () => {
    const host = createFakeHost()
    const value = ref<UploadedItem[]>([existing])
    const Form = defineComponent(() => () => h(CosUploader, {
      host, bucket: BUCKET, region: REGION, getCredentials: async () => stsAnswer(),
      modelValue: value.value, 'onUpdate:modelValue': (next: UploadedItem[]) => (value.value = next),
    }))
    const wrapper = mount(Form)
    await frame()
    await pick(wrapper, host, [fakeFile('a.jpg'), fakeFile('b.jpg')])
    host.scripted.uploads[1].succeed()
    host.scripted.uploads[0].succeed()
    await frame()
    const keys = host.scripted.uploads.map((upload) => upload.request.formData.key)
    // Pick order, not finishing order.
    expect(value.value.map((item) => item.key)).toEqual([existing.key, ...keys])
    expect(statuses(wrapper)).toEqual(['done', 'done', 'done'])

    value.value = []
    await frame()
    expect(statuses(wrapper)).toEqual([])
  })

  it('bound but not updated by the parent: shows only what modelValue holds', async () => {
    const { wrapper, host, emitted } = mountUploader({ modelValue: [existing] })
    await frame()
    await byLabel(wrapper, '删除').trigger('click')
    expect(emitted('update:modelValue')).toEqual([[[]]])
    expect(images(wrapper)).toEqual([existing.url])
    await pick(wrapper, host, [fakeFile('a.jpg')])
    host.scripted.uploads[0].succeed()
    await frame()
    expect(emitted<[UploadedItem[]]>('update:modelValue').at(-1)![0]).toEqual([existing, expect.objectContaining({ size: 1000 })])
    expect(images(wrapper)).toEqual([existing.url])
  })

  it('without v-model: starts from defaultValue and keeps its own value', async () => {
    const { wrapper, host } = mountUploader({ defaultValue: [existing] })
    await frame()
    expect(images(wrapper)).toEqual([existing.url])
    await pick(wrapper, host, [fakeFile('a.jpg')])
    host.scripted.uploads[0].succeed()
    await frame()
    expect(statuses(wrapper)).toEqual(['done', 'done'])
    await wrapper.findAll('.cos-uploader__delete')[0].trigger('click')
    expect(statuses(wrapper)).toEqual(['done'])
  })
})

describe('slots', () => {
  it('the default slot is the add button content; the button still picks', async () => {
    const { wrapper, host } = mountUploader({}, createFakeHost(), { default: () => h('span', { class: 'mine' }, 'Upload photos') })
    await frame()
    expect(byLabel(wrapper, '添加图片').text()).toBe('Upload photos')
    await pick(wrapper, host, [fakeFile('a.jpg')])
    expect(host.scripted.uploads).toHaveLength(1)
  })

  it('the trigger slot replaces the add button and gets what is left; the ref picks', async () => {
    const { wrapper, host } = mountUploader({ maxCount: 4 }, createFakeHost(), {
      trigger: ({ remaining, disabled }: { remaining: number; disabled: boolean }) => h('button', { class: 'mine' }, `${remaining} left${disabled ? ', off' : ''}`),
    })
    await frame()
    expect(byLabel(wrapper, '添加图片').exists()).toBe(false)
    expect(wrapper.find('.mine').text()).toBe('4 left')
    host.willPick([fakeFile('a.jpg')])
    await (wrapper.vm as unknown as { pick(): Promise<void> }).pick()
    await frame()
    expect(wrapper.find('.mine').text()).toBe('3 left')
  })
})

it('labels and statuses in zh-CN by default, every one in English with locale="en"', async () => {
  const { wrapper, host } = mountUploader({ autoUpload: false, maxSize: 2048 })
  await frame()
  await pick(wrapper, host, [fakeFile('a.jpg'), fakeFile('big.jpg', 4096)])
  expect(texts(wrapper, '.cos-uploader__status')).toEqual(['等待上传'])
  expect(texts(wrapper, '.cos-uploader__notice')).toEqual(['1 张图片超过 2 KB，未上传'])
  await wrapper.setProps({ locale: 'en' })
  expect(texts(wrapper, '.cos-uploader__status')).toEqual(['Waiting'])
  expect(texts(wrapper, '.cos-uploader__notice')).toEqual(['1 image over 2 KB not uploaded'])
  expect(byLabel(wrapper, 'Add image').exists()).toBe(true)
  expect(byLabel(wrapper, 'Delete').exists()).toBe(true)
})

it('themes through CSS variables with defaults, and takes class and style from the parent', async () => {
  const { wrapper } = mountUploader({ defaultValue: [existing], class: 'mine', style: '--cos-uploader-size: 120px' })
  await frame()
  const root = wrapper.find('.cos-uploader')
  expect(root.classes()).toContain('mine')
  expect(root.attributes('style')).toContain('--cos-uploader-size: 120px')
  const tile = wrapper.find('.cos-uploader__tile').attributes('style')
  expect(tile).toContain('width: var(--cos-uploader-size, 80px)')
  expect(tile).toContain('border-radius: var(--cos-uploader-radius, 6px)')
})

describe('a gated host, and disabled', () => {
  it('renders disabled with the reason, emits unsupported once, never opens the picker nor asks for a key', async () => {
    const reason = reasons.qqUnverified()
    const host = createFakeHost({ id: 'qq', capabilities: { upload: { supported: false, reason } } })
    const { wrapper, emitted, getCredentials } = mountUploader({}, host)
    await frame()
    const add = byLabel(wrapper, '添加图片')
    expect(add.attributes('aria-disabled')).toBe('true')
    expect(add.classes()).toContain('cos-uploader__add--disabled')
    expect(texts(wrapper, '.cos-uploader__blocked')).toEqual([reason.message['zh-CN']])
    expect(emitted('unsupported')).toEqual([[reason]])
    await add.trigger('click')
    await frame()
    expect(host.chooseImages).not.toHaveBeenCalled()
    expect(getCredentials).not.toHaveBeenCalled()
    await wrapper.setProps({ locale: 'en' })
    expect(texts(wrapper, '.cos-uploader__blocked')).toEqual([reason.message.en])
    expect(emitted('unsupported')).toHaveLength(1)
  })

  it('disabled blocks picking and hides delete', async () => {
    const { wrapper, host } = mountUploader({ disabled: true, defaultValue: [existing] })
    await frame()
    await byLabel(wrapper, '添加图片').trigger('click')
    await frame()
    expect(host.chooseImages).not.toHaveBeenCalled()
    expect(wrapper.find('.cos-uploader__delete').exists()).toBe(false)
  })
})

describe('saveable', () => {
  it('saves through a signed URL; a refused permission offers the settings, which save on tap', async () => {
    const host = createFakeHost()
    host.saveImageToAlbum.mockRejectedValueOnce(new HostError('authorize:fail auth deny', hostTexts.diagnosis('permission-denied', { api: 'authorize' })))
    const { wrapper, emitted } = mountUploader({ saveable: true, defaultValue: [existing] }, host)
    await frame()
    await wrapper.find('.cos-uploader__save').trigger('click')
    await frame()
    expect(host.saveImageToAlbum.mock.calls[0][0]).toContain('q-signature=')
    expect(texts(wrapper, '.cos-uploader__save-status')).toEqual(['没有保存到相册的权限'])
    await wrapper.find('.cos-uploader__open-setting').trigger('click')
    await frame()
    expect(host.openSettingAndSave).toHaveBeenCalledWith(host.saveImageToAlbum.mock.calls[0][0])
    expect(texts(wrapper, '.cos-uploader__save-status')).toEqual(['已保存到相册'])
    expect(wrapper.find('.cos-uploader__save').exists()).toBe(false)
    expect(emitted('error')).toEqual([])
  })

  it('where the host cannot save: no save action, its reason as a hint', async () => {
    const reason = reasons.missingApi('saveImageToPhotosAlbum')
    const host = createFakeHost({ capabilities: { saveToAlbum: { supported: false, reason } } })
    const { wrapper, emitted } = mountUploader({ saveable: true, defaultValue: [existing] }, host)
    await frame()
    expect(wrapper.find('.cos-uploader__save').exists()).toBe(false)
    expect(texts(wrapper, '.cos-uploader__unsupported')).toEqual([reason.message['zh-CN']])
    expect(emitted('unsupported')).toEqual([[reason]])
  })

  it('previews uploaded images on tap, unless previewable is false', async () => {
    const { wrapper, host } = mountUploader({ defaultValue: [existing] })
    await frame()
    await wrapper.find('.cos-uploader__image').trigger('click')
    expect(host.previewImage).toHaveBeenCalledTimes(1)
    await wrapper.setProps({ previewable: false })
    await wrapper.find('.cos-uploader__image').trigger('click')
    expect(host.previewImage).toHaveBeenCalledTimes(1)
  })
})

it('provideUploaderHost gives every uploader below it the host', async () => {
  const host = createFakeHost()
  const Page = defineComponent(() => {
    provideUploaderHost(host)
    return () => h(CosUploader, { bucket: BUCKET, region: REGION, getCredentials: async () => stsAnswer() })
  })
  const wrapper = mount(Page)
  await frame()
  await pick(wrapper, host, [fakeFile('a.jpg')])
  expect(host.scripted.uploads).toHaveLength(1)
})

it('useCosUploader drives a template of your own, with options from a getter', async () => {
  const host = createFakeHost()
  const prefix = ref('mine/')
  const Mine = defineComponent(() => {
    const uploader = useCosUploader(() => ({ host, bucket: BUCKET, region: REGION, prefix: prefix.value, getCredentials: async () => stsAnswer() }))
    return () => h('div', [
      h('button', { class: 'go', onClick: () => uploader.pick() }, `${uploader.remaining} left`),
      ...uploader.tasks.map((task) => h('p', { class: 'task' }, `${task.status} ${task.percent}`)),
      ...uploader.value.map((item) => h('p', { class: 'item' }, item.key)),
    ])
  })
  const wrapper = mount(Mine)
  await frame()
  host.willPick([fakeFile('a.jpg')])
  await wrapper.find('.go').trigger('click')
  await frame()
  host.scripted.uploads[0].progress(500, 1000)
  await frame()
  expect(texts(wrapper, '.task')).toEqual(['uploading 50'])
  expect(wrapper.find('.go').text()).toBe('8 left')
  prefix.value = 'next/'
  host.scripted.uploads[0].succeed()
  await frame()
  expect(texts(wrapper, '.item')).toEqual([expect.stringMatching(/^mine\//)])
  host.willPick([fakeFile('b.jpg')])
  await wrapper.find('.go').trigger('click')
  await frame()
  expect(host.scripted.uploads[1].request.formData.key).toMatch(/^next\//)
})
