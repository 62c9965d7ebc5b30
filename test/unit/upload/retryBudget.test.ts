// Property: whatever mix of transient failures and 2xx answers COS and the network give, a task is done exactly when
// one of its first 1 + maxRetries attempts was answered 2xx, makes no attempt beyond that budget, waits less than the
// backoff cap before each retry, and reports the failure of its last attempt otherwise.
import fc from 'fast-check'
import { CosServiceError } from '../../../src/lib/core/errors'
import { createUploader } from '../../../src/lib/core/upload/engine'
import { cosErrorXml, createScriptedTransport } from './scriptedTransport'

const NOW = Date.parse('2026-03-01T08:00:00Z')
const sts = { credentials: { tmpSecretId: 'AKIDtmp1', tmpSecretKey: 'key1', sessionToken: 'token-1' }, startTime: NOW / 1000, expiredTime: NOW / 1000 + 1800 }
type Outcome = 'reset' | '503' | '500' | '2xx'

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

it('done iff a 2xx came within 1 + maxRetries attempts; never more attempts; the last failure otherwise', async () => {
  await fc.assert(fc.asyncProperty(
    fc.array(fc.constantFrom<Outcome>('reset', '503', '500', '2xx'), { minLength: 6, maxLength: 6 }),
    fc.integer({ min: 0, max: 5 }),
    fc.double({ min: 0, max: 0.9999, noNaN: true }),
    async (outcomes, maxRetries, jitter) => {
      const transport = createScriptedTransport()
      const uploader = createUploader({
        location: { bucket: 'examplebucket-1250000000', region: 'ap-guangzhou' }, transport, getCredentials: async () => sts,
        keyOf: () => 'uploads/a.jpg', now: () => NOW, random: () => jitter, maxRetries,
      })
      uploader.add([{ path: 'wxfile://tmp_1.jpg', size: 1001, type: 'image/jpeg' }])
      for (let i = 0; i < outcomes.length && uploader.getTasks()[0].status !== 'done' && uploader.getTasks()[0].status !== 'error'; i++) {
        // Every backoff is below the 8 s cap.
        await jest.advanceTimersByTimeAsync(8000)
        const upload = transport.uploads[i]
        if (!upload) break
        if (outcomes[i] === 'reset') upload.failNetwork('uploadFile:fail socket closed')
        else if (outcomes[i] === '2xx') upload.respond(204, { etag: `"e${i}"` })
        else upload.respond(Number(outcomes[i]), {}, cosErrorXml('InternalError', 'Please retry.'))
        await jest.advanceTimersByTimeAsync(0)
      }
      const budget = 1 + maxRetries
      const firstOk = outcomes.indexOf('2xx')
      const [task] = uploader.getTasks()
      if (firstOk !== -1 && firstOk < budget) {
        expect(task).toMatchObject({ status: 'done', attempt: firstOk + 1, result: { etag: `"e${firstOk}"` } })
        expect(transport.uploads).toHaveLength(firstOk + 1)
      } else {
        expect(task).toMatchObject({ status: 'error', attempt: budget })
        expect(transport.uploads).toHaveLength(budget)
        const last = outcomes[budget - 1]
        if (last === 'reset') expect(task.error).toMatchObject({ kind: 'network' })
        else expect(task.error).toEqual(expect.objectContaining({ statusCode: Number(last) }))
        if (last !== 'reset') expect(task.error).toBeInstanceOf(CosServiceError)
      }
      uploader.destroy()
    },
  ), { numRuns: 60 })
})
