// `emulator`: the local COS emulator until Ctrl-C.
import { parseFlags } from './flags'
import { DEFAULT_BUCKETS, startEmulator, type EmulatorOptions } from '../emulator'
import type { FaultConfig } from '../emulator/faults'
import { parseFaults } from '../emulator/faults'
import { numberFlag, untilStopped } from '../emulator/serve'

const FAULT_FLAGS: Record<string, keyof FaultConfig> = {
  'clock-offset': 'clockOffsetSeconds',
  'error-rate': 'errorRate',
  'error-status': 'errorStatus',
  'reset-rate': 'resetRate',
  'reset-after': 'resetAfterBytes',
  'lost-answer-rate': 'lostAnswerRate',
  'stall-rate': 'stallRate',
  latency: 'latencyMs',
  'latency-spike-rate': 'latencySpikeRate',
  'latency-spike': 'latencySpikeMs',
  bandwidth: 'bandwidthBytesPerSecond',
  'fault-seed': 'seed',
}

export const emulator = {
  name: 'emulator',
  summary: '[--port 9000] [--host 127.0.0.1] [--data .cos-data] [--bucket NAME ...] [--path-style-bucket NAME ...] ' +
    '[--region ap-guangzhou] [--secret-id ID --secret-key KEY] [--clock-offset S] [--error-rate 0-1] [--error-status 500|503] ' +
    '[--reset-rate 0-1] [--reset-after BYTES] [--lost-answer-rate 0-1] [--stall-rate 0-1] [--latency MS] [--latency-spike-rate 0-1] ' +
    '[--latency-spike MS] [--bandwidth BYTES/S] [--fault-seed N] [--idle-timeout MS] [--quiet]  local COS emulator until Ctrl-C',
  async run(argv: string[]): Promise<number> {
    const flags = Object.fromEntries(Object.keys(FAULT_FLAGS).map((name) => [name, { type: 'string' as const }]))
    const { values } = parseFlags(argv, {
      port: { type: 'string' }, host: { type: 'string' }, data: { type: 'string' }, region: { type: 'string' },
      bucket: { type: 'string', multiple: true }, 'path-style-bucket': { type: 'string', multiple: true },
      'secret-id': { type: 'string' }, 'secret-key': { type: 'string' }, quiet: { type: 'boolean' }, 'idle-timeout': { type: 'string' }, ...flags,
    })
    const given = values as Record<string, string | undefined>
    const faults = parseFaults(Object.fromEntries(Object.entries(FAULT_FLAGS)
      .filter(([flag]) => given[flag] !== undefined)
      .map(([flag, field]) => [field, numberFlag(given[flag], flag)])))
    if (!values['secret-id'] !== !values['secret-key']) throw new Error('give --secret-id and --secret-key together')
    const named = [...(values.bucket || []), ...(values['path-style-bucket'] || []).map((name) => ({ name, pathStyle: true }))]
    const options: EmulatorOptions = {
      port: numberFlag(values.port as string | undefined, 'port', 9000),
      host: values.host as string | undefined,
      dataDir: (values.data as string | undefined) || '.cos-data',
      buckets: named.length ? named : DEFAULT_BUCKETS,
      region: values.region as string | undefined,
      secretId: values['secret-id'] as string | undefined,
      secretKey: values['secret-key'] as string | undefined,
      faults,
      idleTimeoutMs: numberFlag(values['idle-timeout'] as string | undefined, 'idle-timeout'),
      quiet: !!values.quiet,
    }
    const running = await startEmulator(options)
    process.stdout.write(`COS emulator listening on ${running.url}\n`)
    await untilStopped(() => running.close())
    return 0
  },
}
