// A request body as a Readable that the handlers (PUT, busboy for PostObject) consume with back-pressure. It applies
// the body faults (bandwidth, reset mid-body), ends with BodyAbortedError when the client goes away, and with COS's
// RequestTimeout when the client stops sending. It never destroys the request itself, so an error answer can still
// be sent on the same connection.
import type { IncomingMessage } from 'node:http'
import { Readable } from 'node:stream'
import { requestTimeout } from './cosError'
import type { FaultConfig } from './faults'
import { sleep } from './faults'

export class BodyAbortedError extends Error {
  constructor() {
    super('request body aborted')
    this.name = 'BodyAbortedError'
  }
}

export interface RequestBodyOptions {
  faults: FaultConfig
  /** Chosen once per request: reset the connection once this many body bytes have arrived. */
  resetAfterBytes?: number
  /** A body that sends no byte for this long, while the emulator waits for one, ends with RequestTimeout. */
  idleTimeoutMs: number
  onFirstByte?: () => void
  /** When the `reset` fault hits. */
  onReset?: () => void
}

export class RequestBody extends Readable {
  private started = false
  /** A chunk is between the request and the consumer (faults applied): the request stays paused meanwhile. */
  private busy = false
  private received = 0
  private ended = false
  private idleTimer: NodeJS.Timeout | undefined
  private readonly onData = (chunk: Buffer) => void this.accept(chunk)
  private readonly onEnd = () => {
    this.stopIdleTimer()
    this.ended = true
    // A request may end while its last chunk is still held by a fault: that chunk goes first.
    if (!this.busy) this.push(null)
  }
  private readonly onClose = () => {
    if (!this.req.complete) this.destroy(new BodyAbortedError())
  }

  constructor(private readonly req: IncomingMessage, private readonly options: RequestBodyOptions) {
    super()
  }

  /** Stops reading and lets the rest of the body flow to nowhere, so an early answer leaves a usable connection. */
  discard(): void {
    this.detach()
    this.req.resume()
    if (!this.destroyed) this.destroy()
  }

  _read(): void {
    if (!this.started) {
      this.started = true
      this.req.on('data', this.onData)
      this.req.on('end', this.onEnd)
      this.req.on('close', this.onClose)
      this.req.on('error', this.onClose)
    }
    if (!this.busy) this.flow()
  }

  _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.detach()
    callback(error)
  }

  private flow(): void {
    this.req.resume()
    this.startIdleTimer()
  }

  private async accept(chunk: Buffer): Promise<void> {
    this.req.pause()
    this.busy = true
    this.stopIdleTimer()
    if (this.received === 0) this.options.onFirstByte?.()
    this.received += chunk.length
    const { faults } = this.options
    if (this.options.resetAfterBytes !== undefined && this.received >= this.options.resetAfterBytes) {
      this.options.onReset?.()
      this.req.socket.destroy()
      this.destroy(new BodyAbortedError())
      return
    }
    if (faults.bandwidthBytesPerSecond > 0) await sleep((chunk.length / faults.bandwidthBytesPerSecond) * 1000)
    this.busy = false
    if (this.destroyed) return
    const wantsMore = this.push(chunk)
    if (this.ended) this.push(null)
    // Flowing on only while the consumer wants more: its back-pressure pauses the client, not the idle clock.
    else if (wantsMore) this.flow()
  }

  private startIdleTimer(): void {
    this.stopIdleTimer()
    if (this.ended) return
    this.idleTimer = setTimeout(() => this.destroy(requestTimeout()), this.options.idleTimeoutMs)
  }

  private stopIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer)
    this.idleTimer = undefined
  }

  private detach(): void {
    this.stopIdleTimer()
    this.req.off('data', this.onData)
    this.req.off('end', this.onEnd)
    this.req.off('close', this.onClose)
    this.req.off('error', this.onClose)
  }
}
