// Real mode: temporary keys from Tencent Cloud STS through qcloud-cos-sts, with the permanent key taken from
// the environment (never from a client) and the same scope as the emulator's, as a CAM policy.
import type { StsScope, TemporaryKey } from './scope'

export interface RealStsConfig {
  secretId: string
  secretKey: string
  bucket: string
  region: string
  /** Tencent Cloud STS host; default qcloud-cos-sts's, sts.tencentcloudapi.com. */
  endpoint?: string
}

/** The environment variables real mode reads. */
export const REAL_ENV = {
  secretId: 'COS_SECRET_ID',
  secretKey: 'COS_SECRET_KEY',
  bucket: 'COS_BUCKET',
  region: 'COS_REGION',
  allowPrefix: 'STS_ALLOW_PREFIX',
  actions: 'STS_ACTIONS',
  endpoint: 'STS_ENDPOINT',
} as const

/** Reads COS_SECRET_ID, COS_SECRET_KEY, COS_BUCKET and COS_REGION; throws naming every missing one. */
export function realConfigFromEnv(env: Record<string, string | undefined>): RealStsConfig {
  const names = [REAL_ENV.secretId, REAL_ENV.secretKey, REAL_ENV.bucket, REAL_ENV.region]
  const missing = names.filter((name) => !env[name])
  if (missing.length) throw new Error(`real-mode STS needs the environment variables ${missing.join(', ')}`)
  return {
    secretId: env[REAL_ENV.secretId]!, secretKey: env[REAL_ENV.secretKey]!, bucket: env[REAL_ENV.bucket]!, region: env[REAL_ENV.region]!,
    ...(env[REAL_ENV.endpoint] ? { endpoint: env[REAL_ENV.endpoint] } : {}),
  }
}

/** The scope from STS_ALLOW_PREFIX / STS_ACTIONS (comma-separated), falling back to `fallback`. */
export function scopeFromEnv(env: Record<string, string | undefined>, fallback: StsScope): StsScope {
  const list = (name: string) => env[name]?.split(',').map((item) => item.trim()).filter(Boolean)
  return { ...fallback, actions: list(REAL_ENV.actions) || fallback.actions, allowPrefix: list(REAL_ENV.allowPrefix) || fallback.allowPrefix }
}

/** The CAM policy sent to STS: the scope's actions on `qcs::cos:<region>:uid/<appid>:<bucket>/<prefix>*`. */
export function buildRealStsPolicy(scope: StsScope, config: { bucket: string; region: string }) {
  const bucket = scope.bucket || config.bucket
  const appId = bucket.slice(bucket.lastIndexOf('-') + 1)
  return {
    version: '2.0',
    statement: [{
      action: [...scope.actions],
      effect: 'allow',
      resource: scope.allowPrefix.map((prefix) => `qcs::cos:${config.region}:uid/${appId}:${bucket}/${prefix.replace(/\*$/, '')}*`),
    }],
  }
}

/** The part of qcloud-cos-sts real mode uses. */
export interface StsClient {
  getCredential(options: {
    secretId: string; secretKey: string; policy: object; durationSeconds: number; region?: string; endpoint?: string
  }): Promise<TemporaryKey>
}

export const STS_SDK = 'qcloud-cos-sts'

/**
 * The official STS SDK, an optional peer dependency (see the README): only real mode needs it, and an app that
 * installs this package for its mini program shouldn't get axios with it. Throws one line saying what to install.
 */
export function loadStsClient(): StsClient {
  try {
    return require('qcloud-cos-sts')
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && String((error as Error).message).includes(`'${STS_SDK}'`)
    if (!missing) throw error
    throw new Error(`real mode needs Tencent's STS SDK, an optional peer of this package: npm i ${STS_SDK}`)
  }
}

/** Asks Tencent Cloud STS (network) for a temporary key limited to `scope`. */
export async function fetchRealTemporaryKey(config: RealStsConfig, scope: StsScope, ttlSeconds: number, client: StsClient): Promise<TemporaryKey> {
  const answer = await client.getCredential({
    secretId: config.secretId,
    secretKey: config.secretKey,
    policy: buildRealStsPolicy(scope, config),
    durationSeconds: ttlSeconds,
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
  })
  const { tmpSecretId, tmpSecretKey, sessionToken } = answer.credentials
  return { credentials: { tmpSecretId, tmpSecretKey, sessionToken }, startTime: answer.startTime, expiredTime: answer.expiredTime }
}

/**
 * Why a key couldn't be issued, for the operator's log: Tencent Cloud's Code, Message and RequestId (qcloud-cos-sts
 * rejects with that object, not an Error), or the error's code and message. The permanent key never appears, even
 * where an error message would quote it.
 */
export function describeStsFailure(error: unknown, config?: RealStsConfig): string {
  const failure = (error ?? {}) as { Code?: unknown; Message?: unknown; RequestId?: unknown; code?: unknown; name?: unknown; message?: unknown }
  const text = typeof failure.Code === 'string'
    ? `Tencent Cloud STS answered ${failure.Code}: ${failure.Message ?? ''}${failure.RequestId ? ` (RequestId ${failure.RequestId})` : ''}`
    : [failure.code, failure.message].filter((part) => typeof part === 'string' && part).join(': ') || String(failure.name || error)
  const secrets = [config?.secretKey, config?.secretId].filter((secret): secret is string => !!secret)
  return secrets.reduce((line, secret) => line.split(secret).join('***'), text).replace(/\s*\n\s*/g, ' ')
}
