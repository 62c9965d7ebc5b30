// The demo learns where to upload at run time, from the STS service (src/pages/demo-kit/target.ts), so no port is
// compiled in. A build may still set the defaults: TARO_APP_STS_URL (where the STS service is when nothing else says:
// http://127.0.0.1:9100) and TARO_APP_COS_BUCKET_PATH_STYLE (the path-style page's bucket: legacybucket-1250000000).
const BUILD_SETTINGS = ['TARO_APP_STS_URL', 'TARO_APP_COS_BUCKET_PATH_STYLE']

export function demoDefineConstants(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return Object.fromEntries(BUILD_SETTINGS.map((name) => [`process.env.${name}`, JSON.stringify(env[name] ?? '')]))
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
