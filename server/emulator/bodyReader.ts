// Pull-style reading of a request body, chunk by chunk. Stopping early never destroys the socket, so an error
// answer can still be sent; faults (bandwidth, reset mid-body) are applied here.
import type { IncomingMessage } from 'node:http'
import type { FaultConfig } from './faults'
import { sleep } from './faults'

export class BodyAbortedError extends Error {
  constructor() {
    super('request body aborted')
    this.name = 'BodyAbortedError'
  }
}

export interface BodyReaderOptions {
  faults: FaultConfig
  /** Chosen once per request: reset the connection after `faults.resetAfterBytes`. */
  reset: boolean
  onFirstByte?: () => void
  /** When the `reset` fault hits. */
  onReset?: () => void
}

export class BodyReader {
  private readonly queue: Buffer[] = []
  private ended = false
  private failed = false
  private wake: (() => void) | undefined
  private received = 0

  constructor(private readonly req: IncomingMessage, private readonly options: BodyReaderOptions) {
    req.pause()
    req.on('data', (chunk: Buffer) => {
      this.queue.push(chunk)
      req.pause()
      this.notify()
    })
    req.on('end', () => {
      this.ended = true
      this.notify()
    })
    req.on('error', () => this.fail())
    req.on('close', () => {
      if (!req.complete) this.fail()
    })
  }

  get bytesReceived(): number {
    return this.received
  }

  /** The next chunk, or null at the end of the body; throws BodyAbortedError if the client went away. */
  async read(): Promise<Buffer | null> {
    while (!this.queue.length && !this.ended && !this.failed) {
      await new Promise<void>((resolve) => {
        this.wake = resolve
        this.req.resume()
      })
    }
    if (this.failed) throw new BodyAbortedError()
    const chunk = this.queue.shift()
    if (!chunk) return null
    if (this.received === 0) this.options.onFirstByte?.()
    this.received += chunk.length
    await this.applyFaults(chunk.length)
    return chunk
  }

  /** Reads and discards the rest, so an early answer leaves a usable keep-alive connection. */
  drain(): void {
    this.req.removeAllListeners('data')
    this.queue.length = 0
    this.req.resume()
  }

  private async applyFaults(length: number): Promise<void> {
    const { faults } = this.options
    if (this.options.reset && this.received >= faults.resetAfterBytes) {
      this.options.onReset?.()
      this.req.socket.destroy()
      this.fail()
      throw new BodyAbortedError()
    }
    if (faults.bandwidthBytesPerSecond > 0) await sleep((length / faults.bandwidthBytesPerSecond) * 1000)
  }

  private fail(): void {
    this.failed = true
    this.notify()
  }

  private notify(): void {
    const wake = this.wake
    this.wake = undefined
    wake?.()
  }
}
