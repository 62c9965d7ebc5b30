// Where the demo uploads: the local emulator + STS service by default (`npm start`), real COS when
// TARO_APP_COS_BUCKET / TARO_APP_COS_REGION / TARO_APP_STS_URL are set at build time (config/demo-env.ts).
export const demoEnv = {
  bucket: process.env.TARO_APP_COS_BUCKET ?? '',
  region: process.env.TARO_APP_COS_REGION ?? '',
  /** Empty for real COS (official domains); an emulator template like `http://{bucket}.cos.{region}.localhost:9000` otherwise. */
  endpoint: process.env.TARO_APP_COS_ENDPOINT || undefined,
  stsUrl: process.env.TARO_APP_STS_URL ?? '',
}

/** A bucket that accepts path style: on real COS one created before 2024; the emulator's legacybucket by default. */
export const PATH_STYLE_BUCKET = process.env.TARO_APP_COS_BUCKET_PATH_STYLE || 'legacybucket-1250000000'
