// Coalesces bursts of updates (every upload progress event) into at most one flush per animation frame.
type FrameRequest = (callback: () => void) => unknown

const FRAME_MS = 16

function frameRequest(): FrameRequest {
  if (typeof requestAnimationFrame === 'function') return (callback) => requestAnimationFrame(callback)
  // Mini-program globals have no requestAnimationFrame; a 16 ms timer is one frame at 60 Hz.
  return (callback) => setTimeout(callback, FRAME_MS)
}

export interface FrameBatcher {
  schedule(): void
  dispose(): void
}

export function createFrameBatcher(flush: () => void, request: FrameRequest = frameRequest()): FrameBatcher {
  let pending = false
  let disposed = false
  return {
    schedule() {
      if (pending || disposed) return
      pending = true
      request(() => {
        pending = false
        if (!disposed) flush()
      })
    },
    dispose() {
      disposed = true
    },
  }
}
