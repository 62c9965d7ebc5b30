// The demo's settings, in a module without imports so that tests can name them too.

/** Storage key of the STS address set on the home page. */
export const STS_URL_KEY = 'taro-cos-uploader-demo:sts-url'

/** Where the STS service is when neither storage nor the demo server says: the build's TARO_APP_STS_URL or `npm start`'s. */
export const BUILD_STS_URL = process.env.TARO_APP_STS_URL || 'http://127.0.0.1:9100'

/** A bucket that accepts path style: on real COS one created before 2024; the emulator's legacybucket by default. */
export const PATH_STYLE_BUCKET = process.env.TARO_APP_COS_BUCKET_PATH_STYLE || 'legacybucket-1250000000'
