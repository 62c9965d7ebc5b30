// The demo's settings, in a module without imports so that tests can name them too.

/** Storage key of the STS address saved on the home page. */
export const STS_URL_KEY = 'taro-cos-uploader-demo:sts-url'
