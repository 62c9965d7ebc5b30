// The React layer's two pure helpers: per-frame coalescing and pick-order insertion.
import { createFrameBatcher } from '../../src/lib/ui/frame'
import { insertInPickOrder } from '../../src/lib/ui/order'

describe('createFrameBatcher', () => {
  it('flushes once per frame however often it is scheduled, and never after dispose', () => {
    const frames: Array<() => void> = []
    const flush = jest.fn()
    const batcher = createFrameBatcher(flush, (callback) => frames.push(callback))
    for (let i = 0; i < 50; i++) batcher.schedule()
    expect(frames).toHaveLength(1)
    expect(flush).not.toHaveBeenCalled()
    frames.shift()!()
    expect(flush).toHaveBeenCalledTimes(1)

    batcher.schedule()
    batcher.schedule()
    expect(frames).toHaveLength(1)
    batcher.dispose()
    frames.shift()!()
    batcher.schedule()
    expect(frames).toHaveLength(0)
    expect(flush).toHaveBeenCalledTimes(1)
  })

  it('uses requestAnimationFrame when the platform has one', () => {
    jest.useFakeTimers()
    const raf = jest.spyOn(window, 'requestAnimationFrame')
    const flush = jest.fn()
    const batcher = createFrameBatcher(flush)
    batcher.schedule()
    batcher.schedule()
    expect(raf).toHaveBeenCalledTimes(1)
    jest.advanceTimersByTime(16)
    expect(flush).toHaveBeenCalledTimes(1)
    raf.mockRestore()
    jest.useRealTimers()
  })
})

describe('insertInPickOrder', () => {
  const item = (key: string) => ({ key, url: `https://b/${key}`, size: 1 })
  const order: Record<string, number> = { a: 0, b: 1, c: 2, d: 3 }
  const pickIndexOf = (key: string) => order[key]

  it('puts each finished upload before the first one picked after it', () => {
    let value = [item('c')]
    value = insertInPickOrder(value, item('a'), pickIndexOf)
    value = insertInPickOrder(value, item('d'), pickIndexOf)
    value = insertInPickOrder(value, item('b'), pickIndexOf)
    expect(value.map((entry) => entry.key)).toEqual(['a', 'b', 'c', 'd'])
  })

  it('leaves items it did not upload (a pre-filled value) where they are', () => {
    let value = [item('x'), item('c'), item('y')]
    value = insertInPickOrder(value, item('a'), pickIndexOf)
    value = insertInPickOrder(value, item('d'), pickIndexOf)
    expect(value.map((entry) => entry.key)).toEqual(['x', 'a', 'c', 'y', 'd'])
  })

  it('does not change the array it is given', () => {
    const value = Object.freeze([item('b')])
    expect(insertInPickOrder(value, item('a'), pickIndexOf).map((entry) => entry.key)).toEqual(['a', 'b'])
    expect(value.map((entry) => entry.key)).toEqual(['b'])
  })
})
