// A light full-screen image viewer for H5. Taro H5's previewImage is built on its swiper and brings ~200 KB into
// every app that merely references it; this one is the browser's own <img>: tap or Escape closes, a swipe or the
// arrow keys move between images.

const SWIPE_PX = 40
const OVERLAY_STYLE = 'position:fixed;inset:0;z-index:10000;display:flex;align-items:center;justify-content:center;' +
  'background:rgba(0,0,0,.92);touch-action:none;user-select:none;-webkit-user-select:none'
const IMAGE_STYLE = 'max-width:100%;max-height:100%;object-fit:contain'
const COUNTER_STYLE = 'position:absolute;left:0;right:0;bottom:24px;text-align:center;color:#fff;font-size:14px'

let open: { close(): void } | undefined

/** Shows `urls` from index `start` over the page; resolves once it is shown, as the hosts' previewImage does. */
export function showH5Preview(urls: string[], start: number): Promise<void> {
  open?.close()
  let index = Math.min(Math.max(start, 0), urls.length - 1)
  const overlay = document.createElement('div')
  overlay.className = 'cos-uploader__preview'
  overlay.setAttribute('role', 'dialog')
  overlay.setAttribute('aria-modal', 'true')
  overlay.setAttribute('aria-label', '图片预览 Image preview')
  overlay.tabIndex = -1
  overlay.style.cssText = OVERLAY_STYLE
  const image = document.createElement('img')
  image.style.cssText = IMAGE_STYLE
  image.alt = ''
  const counter = document.createElement('div')
  counter.style.cssText = COUNTER_STYLE
  overlay.append(image, counter)

  const show = (next: number) => {
    index = (next + urls.length) % urls.length
    image.src = urls[index]
    counter.textContent = urls.length > 1 ? `${index + 1} / ${urls.length}` : ''
  }
  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape') close()
    else if (event.key === 'ArrowRight') show(index + 1)
    else if (event.key === 'ArrowLeft') show(index - 1)
  }
  let downX: number | undefined
  overlay.addEventListener('pointerdown', (event) => {
    downX = event.clientX
  })
  overlay.addEventListener('pointerup', (event) => {
    const moved = downX === undefined ? 0 : event.clientX - downX
    downX = undefined
    if (urls.length > 1 && Math.abs(moved) >= SWIPE_PX) show(moved < 0 ? index + 1 : index - 1)
    else close()
  })
  const previousFocus = document.activeElement as HTMLElement | null
  function close() {
    overlay.remove()
    document.removeEventListener('keydown', onKey)
    if (open === handle) open = undefined
    previousFocus?.focus?.()
  }
  const handle = { close }
  open = handle

  show(index)
  document.addEventListener('keydown', onKey)
  document.body.appendChild(overlay)
  overlay.focus()
  return Promise.resolve()
}
