// The demo talks to the local emulator + STS service by default; these variables point it at real COS.
const DEMO_DEFAULTS = {
  TARO_APP_COS_BUCKET: 'examplebucket-1250000000',
  TARO_APP_COS_REGION: 'ap-guangzhou',
  TARO_APP_COS_ENDPOINT: 'http://127.0.0.1:9000',
  TARO_APP_STS_URL: 'http://127.0.0.1:9100',
}

export function demoDefineConstants(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const constants: Record<string, string> = {}
  for (const [name, fallback] of Object.entries(DEMO_DEFAULTS)) {
    const realCos = Boolean(env.TARO_APP_COS_BUCKET)
    const value = env[name] ?? (realCos && name === 'TARO_APP_COS_ENDPOINT' ? '' : fallback)
    constants[`process.env.${name}`] = JSON.stringify(value)
  }
  return constants
}
