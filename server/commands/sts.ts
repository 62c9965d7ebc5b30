// `sts`: the STS service until Ctrl-C. Emulator mode mints keys for an emulator with the same root key;
// real mode (--mode real) reads COS_SECRET_ID, COS_SECRET_KEY, COS_BUCKET, COS_REGION, STS_ALLOW_PREFIX, STS_ACTIONS,
// STS_ENDPOINT. Beyond loopback it needs --auth-token (or STS_AUTH_TOKEN) or --authorize <module>.
import { loadAuthorizeModule } from './authorizeModule'
import { parseFlags } from './flags'
import { numberFlag, untilStopped } from '../emulator/serve'
import { startSts } from '../sts'
import { scopeFromEnv } from '../sts/realMode'
import { DEFAULT_SCOPE, validateScope } from '../sts/scope'

const list = (values: string[] | undefined) => values?.flatMap((value) => value.split(',')).map((item) => item.trim()).filter(Boolean)

export const sts = {
  name: 'sts',
  summary: '[--port 9100] [--host 127.0.0.1] [--mode emulator|real] [--allow-prefix uploads/ ...] [--action name/cos:PostObject ...] ' +
    '[--bucket NAME] [--ttl 1800] [--cors-origin URL ...] [--rate-limit 120] [--emulator-port 9000] [--secret-id ID --secret-key KEY] ' +
    '[--auth-token TOKEN (or STS_AUTH_TOKEN)] [--authorize MODULE]  ' +
    'STS service (GET /sts, POST /post-policy) until Ctrl-C',
  async run(argv: string[]): Promise<number> {
    const { values } = parseFlags(argv, {
      port: { type: 'string' }, host: { type: 'string' }, mode: { type: 'string' }, bucket: { type: 'string' },
      'allow-prefix': { type: 'string', multiple: true }, action: { type: 'string', multiple: true }, ttl: { type: 'string' },
      'cors-origin': { type: 'string', multiple: true }, 'rate-limit': { type: 'string' }, 'emulator-port': { type: 'string' },
      'secret-id': { type: 'string' }, 'secret-key': { type: 'string' }, quiet: { type: 'boolean' },
      'auth-token': { type: 'string' }, authorize: { type: 'string' },
    })
    const mode = (values.mode as string | undefined) || 'emulator'
    if (mode !== 'emulator' && mode !== 'real') throw new Error('--mode must be emulator or real')
    if (mode === 'real' && (values['secret-id'] || values['secret-key'])) {
      throw new Error('real mode takes the permanent key from COS_SECRET_ID / COS_SECRET_KEY only, never from flags')
    }
    const base = mode === 'real' ? scopeFromEnv(process.env, DEFAULT_SCOPE) : DEFAULT_SCOPE
    const scope = validateScope({
      actions: list(values.action as string[] | undefined) || base.actions,
      allowPrefix: list(values['allow-prefix'] as string[] | undefined) || base.allowPrefix,
      ...(values.bucket ? { bucket: values.bucket } : {}),
    })
    if (!values['secret-id'] !== !values['secret-key']) throw new Error('give --secret-id and --secret-key together')
    const emulatorPort = numberFlag(values['emulator-port'] as string | undefined, 'emulator-port', 9000)
    const authToken = (values['auth-token'] as string | undefined) ?? (process.env.STS_AUTH_TOKEN || undefined)
    if (authToken !== undefined && authToken.trim().length < 16) throw new Error('--auth-token / STS_AUTH_TOKEN must be at least 16 characters')
    const running = await startSts({
      authToken: authToken?.trim(),
      authorize: values.authorize ? await loadAuthorizeModule(values.authorize as string) : undefined,
      port: numberFlag(values.port as string | undefined, 'port', 9100),
      host: values.host as string | undefined,
      mode,
      scope,
      bucket: values.bucket as string | undefined,
      ttlSeconds: numberFlag(values.ttl as string | undefined, 'ttl'),
      corsOrigins: list(values['cors-origin'] as string[] | undefined),
      rateLimitPerMinute: numberFlag(values['rate-limit'] as string | undefined, 'rate-limit'),
      rootKey: values['secret-id'] ? { secretId: values['secret-id'] as string, secretKey: values['secret-key'] as string } : undefined,
      uploadUrl: mode === 'emulator' ? `http://{bucket}.cos.{region}.localhost:${emulatorPort}/` : undefined,
      quiet: !!values.quiet,
    })
    process.stdout.write(`STS service listening on ${running.url}\n`)
    await untilStopped(() => running.close())
    return 0
  },
}
