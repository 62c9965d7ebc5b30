// The demo talks to the local emulator + STS service by default (`npm start`); these variables point it at real COS:
// TARO_APP_COS_BUCKET, TARO_APP_COS_REGION, TARO_APP_STS_URL (and TARO_APP_COS_ENDPOINT for a custom domain).
const EMULATOR_DEFAULTS = {
  TARO_APP_COS_BUCKET: 'examplebucket-1250000000',
  TARO_APP_COS_REGION: 'ap-guangzhou',
  // RFC 6761: *.localhost is loopback, so virtual-hosted bucket domains reach the emulator from a browser.
  TARO_APP_COS_ENDPOINT: 'http://{bucket}.cos.{region}.localhost:9000',
  TARO_APP_STS_URL: 'http://127.0.0.1:9100',
  TARO_APP_COS_BUCKET_PATH_STYLE: 'legacybucket-1250000000',
}

export function demoDefineConstants(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const realCos = Boolean(env.TARO_APP_COS_BUCKET)
  const constants: Record<string, string> = {}
  for (const [name, fallback] of Object.entries(EMULATOR_DEFAULTS)) {
    // Real COS uses its official domains unless an endpoint is given; path style needs a bucket created before 2024.
    const emulatorOnly = name === 'TARO_APP_COS_ENDPOINT' || name === 'TARO_APP_COS_BUCKET_PATH_STYLE'
    const value = env[name] ?? (realCos && emulatorOnly ? '' : fallback)
    constants[`process.env.${name}`] = JSON.stringify(value)
  }
  return constants
}

/**
 * The STS scope presets the demo's error playground asks for (`POST /sts {"scope": name}`); register them with
 * `startSts({ presets: DEMO_STS_PRESETS })`. Same shape as server/sts StsPreset.
 */
export const DEMO_STS_PRESETS = {
  /** A key that may read but not upload: AccessDenied naming name/cos:PostObject. */
  'read-only': { scope: { actions: ['name/cos:GetObject'], allowPrefix: ['uploads/'] } },
  /** Issued two hours ago with a 30 min lifetime: expired before it is used. */
  expired: { startOffsetSeconds: -7200, ttlSeconds: 1800 },
  /** An STS clock an hour ahead of COS: the key time starts in the future. */
  skewed: { startOffsetSeconds: 3600 },
}
