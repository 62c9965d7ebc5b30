// Real mode: temporary keys from Tencent Cloud STS through qcloud-cos-sts, with the permanent key taken from
// the environment (never from a client) and the same scope as the emulator's, as a CAM policy.
import type { StsScope, TemporaryKey } from './scope'

export interface RealStsConfig {
  secretId: string
  secretKey: string
  bucket: string
  region: string
}

/** The environment variables real mode reads. */
export const REAL_ENV = {
  secretId: 'COS_SECRET_ID',
  secretKey: 'COS_SECRET_KEY',
  bucket: 'COS_BUCKET',
  region: 'COS_REGION',
  allowPrefix: 'STS_ALLOW_PREFIX',
  actions: 'STS_ACTIONS',
} as const

/** Reads COS_SECRET_ID, COS_SECRET_KEY, COS_BUCKET and COS_REGION; throws naming every missing one. */
export function realConfigFromEnv(env: Record<string, string | undefined>): RealStsConfig {
  const names = [REAL_ENV.secretId, REAL_ENV.secretKey, REAL_ENV.bucket, REAL_ENV.region]
  const missing = names.filter((name) => !env[name])
  if (missing.length) throw new Error(`real-mode STS needs the environment variables ${missing.join(', ')}`)
  return { secretId: env[REAL_ENV.secretId]!, secretKey: env[REAL_ENV.secretKey]!, bucket: env[REAL_ENV.bucket]!, region: env[REAL_ENV.region]! }
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
  getCredential(options: { secretId: string; secretKey: string; policy: object; durationSeconds: number; region?: string }): Promise<TemporaryKey>
}

/**
 * Asks Tencent Cloud STS (network) for a temporary key limited to `scope`. `client` defaults to qcloud-cos-sts,
 * required lazily: only real mode needs it, and it is a devDependency.
 */
export async function fetchRealTemporaryKey(config: RealStsConfig, scope: StsScope, ttlSeconds: number,
  client: StsClient = require('qcloud-cos-sts')): Promise<TemporaryKey> {
  const answer = await client.getCredential({
    secretId: config.secretId,
    secretKey: config.secretKey,
    policy: buildRealStsPolicy(scope, config),
    durationSeconds: ttlSeconds,
    region: config.region,
  })
  const { tmpSecretId, tmpSecretKey, sessionToken } = answer.credentials
  return { credentials: { tmpSecretId, tmpSecretKey, sessionToken }, startTime: answer.startTime, expiredTime: answer.expiredTime }
}
