// Mounts the uni-app <CosUploader> SFC (compiled by Vue's own compiler, test/support/vue-jest.js) with
// @vue/test-utils against the host faked at its contract and a real engine, with fake timers (one frame = 16 ms).
// uni's <view>, <text>, <image> and <progress> render as plain elements.
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import type { Slots } from 'vue'
import CosUploader from '../../../src/lib/uni/CosUploader.vue'
import type { CosUploaderProps } from '../../../src/lib/uni'
import { createFakeHost, type FakeHost } from '../support/fakeHost'
import { BUCKET, REGION, stsAnswer } from '../support/render'

export { BUCKET, NOW, REGION, stsAnswer } from '../support/render'

/** `class` and `style` fall through to the root, as on any Vue component. */
export function mountUploader(props: Partial<CosUploaderProps> & { class?: string; style?: string } = {}, host: FakeHost = createFakeHost(), slots?: Record<string, unknown>) {
  let issued = 0
  const getCredentials = jest.fn(async () => stsAnswer(++issued))
  const wrapper = mount(CosUploader, {
    props: { host, bucket: BUCKET, region: REGION, getCredentials, ...props },
    slots: slots as Slots,
    attachTo: document.body,
  })
  return { wrapper, host, getCredentials, emitted: <T extends unknown[]>(event: string) => (wrapper.emitted(event) ?? []) as T[] }
}

/** Lets promises settle, one animation frame pass, and Vue re-render. */
export async function frame(ms = 16) {
  await jest.advanceTimersByTimeAsync(ms)
  await flushPromises()
}

export const byLabel = (wrapper: VueWrapper, label: string) => wrapper.find(`[aria-label="${label}"]`)

export async function pick(wrapper: VueWrapper, host: FakeHost, files: Parameters<FakeHost['willPick']>[0], addLabel = '添加图片') {
  host.willPick(files)
  await byLabel(wrapper, addLabel).trigger('click')
  await frame()
}

export const statuses = (wrapper: VueWrapper) =>
  wrapper.findAll('.cos-uploader__tile').map((tile) => tile.classes().find((name) => name.startsWith('cos-uploader__tile--'))!.slice('cos-uploader__tile--'.length))
export const texts = (wrapper: VueWrapper, selector: string) => wrapper.findAll(selector).map((node) => node.text())
