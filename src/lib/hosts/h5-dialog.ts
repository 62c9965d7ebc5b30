// A light dialog for H5 in showModal's one-button shape: a title, scrollable text and a confirm button over the page.
// Taro H5's showModal comes with its toast, loading and action-sheet shims (~20 KB) into every app that references
// it; this one is a few DOM nodes. Escape, Enter or the button closes it, and focus goes back where it was.

const OVERLAY_STYLE = 'position:fixed;inset:0;z-index:10000;display:flex;align-items:center;justify-content:center;' +
  'padding:24px;background:rgba(0,0,0,.6)'
const BOX_STYLE = 'display:flex;flex-direction:column;width:100%;max-width:420px;max-height:80vh;background:#fff;' +
  'border-radius:12px;overflow:hidden;color:#111;font-size:15px;line-height:1.5'
const TITLE_STYLE = 'margin:0;padding:20px 20px 8px;font-size:17px;font-weight:600;text-align:center'
const CONTENT_STYLE = 'padding:0 20px 16px;overflow:auto;white-space:pre-wrap;word-break:break-word;color:#444'
const BUTTON_STYLE = 'padding:14px;border:0;border-top:1px solid #eee;background:none;color:#576b95;font-size:17px;cursor:pointer'

let open: { close(): void } | undefined

/** Shows the dialog; resolves once it is closed (as showModal's success). A second one replaces the first. */
export function showH5Dialog({ title, content, confirmText = '确定' }: { title: string; content: string; confirmText?: string }): Promise<void> {
  open?.close()
  const overlay = document.createElement('div')
  overlay.className = 'cos-uploader__dialog'
  overlay.style.cssText = OVERLAY_STYLE
  const box = document.createElement('div')
  box.setAttribute('role', 'dialog')
  box.setAttribute('aria-modal', 'true')
  box.style.cssText = BOX_STYLE
  const heading = document.createElement('h2')
  heading.id = `cos-uploader-dialog-${Date.now()}`
  heading.className = 'cos-uploader__dialog-title'
  heading.style.cssText = TITLE_STYLE
  heading.textContent = title
  box.setAttribute('aria-labelledby', heading.id)
  const text = document.createElement('div')
  text.className = 'cos-uploader__dialog-text'
  text.style.cssText = CONTENT_STYLE
  text.textContent = content
  const button = document.createElement('button')
  button.type = 'button'
  button.className = 'cos-uploader__dialog-confirm'
  button.style.cssText = BUTTON_STYLE
  button.textContent = confirmText
  box.append(heading, text, button)
  overlay.append(box)

  const previousFocus = document.activeElement as HTMLElement | null
  return new Promise<void>((resolve) => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' && event.key !== 'Enter') return
      event.preventDefault()
      close()
    }
    function close() {
      overlay.remove()
      document.removeEventListener('keydown', onKey)
      if (open === handle) open = undefined
      previousFocus?.focus?.()
      resolve()
    }
    const handle = { close }
    open = handle
    button.addEventListener('click', close)
    document.addEventListener('keydown', onKey)
    document.body.appendChild(overlay)
    button.focus()
  })
}
