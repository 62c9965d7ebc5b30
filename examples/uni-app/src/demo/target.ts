// Where the demo uploads, learned at run time, so that no port is compiled in: the STS service's address, then from
// it (GET /bucket) the bucket, region and endpoint — the emulator's under `npm start`, COS's domain when the STS
// service runs in real mode. The STS address is, first to last: the one saved on the home page (how WeChat DevTools
// reaches an STS service on another port or machine without a rebuild), the demo server's /demo-config.json (H5
// under `npm start`), http://127.0.0.1:9100.
import { STS_URL_KEY } from './settings'

const DEFAULT_STS_URL = 'http://127.0.0.1:9100'

export interface DemoTarget {
  stsUrl: string
  bucket: string
  region: string
  /** A template like `http://{bucket}.cos.{region}.localhost:9000`, or COS's own domain. */
  endpoint: string
}

function get(url: string): Promise<{ statusCode: number; data: unknown }> {
  return new Promise((resolve, reject) => {
    uni.request({ url, dataType: 'json', success: ({ statusCode, data }) => resolve({ statusCode, data }), fail: reject })
  })
}

export function savedStsUrl(): string {
  const saved: unknown = uni.getStorageSync(STS_URL_KEY)
  return typeof saved === 'string' ? saved : ''
}

/** Keeps `url` as the STS address ('' forgets it); the next lookup uses it. */
export function saveStsUrl(url: string): void {
  if (url) uni.setStorageSync(STS_URL_KEY, url.replace(/\/+$/, ''))
  else uni.removeStorageSync(STS_URL_KEY)
  pending = undefined
}

async function servedStsUrl(): Promise<string> {
  // #ifdef H5
  try {
    const answer = await get('/demo-config.json')
    const { stsUrl } = (answer.data ?? {}) as { stsUrl?: unknown }
    if (answer.statusCode === 200 && typeof stsUrl === 'string') return stsUrl
  } catch {
    // Not served by `npm start`: the default.
  }
  // #endif
  return ''
}

async function lookUp(): Promise<DemoTarget> {
  const stsUrl = savedStsUrl() || (await servedStsUrl()) || DEFAULT_STS_URL
  let answer
  try {
    answer = await get(`${stsUrl}/bucket`)
  } catch {
    throw new Error(`the STS service at ${stsUrl} is not reachable`)
  }
  const { bucket, region, endpoint } = (answer.data ?? {}) as Partial<DemoTarget>
  if (answer.statusCode !== 200 || !bucket || !region || !endpoint) {
    throw new Error(`the STS service at ${stsUrl} answered GET /bucket with ${answer.statusCode}, not a bucket`)
  }
  return { stsUrl, bucket, region, endpoint }
}

let pending: Promise<DemoTarget> | undefined

/** The target, looked up once (again after a failure or a new STS address). */
export function demoTarget(): Promise<DemoTarget> {
  if (!pending) {
    const lookup = lookUp()
    pending = lookup
    lookup.catch(() => {
      if (pending === lookup) pending = undefined
    })
  }
  return pending
}

/** A getCredentials for <CosUploader>: a temporary key from the STS service; `scope` names one of its presets. */
export function stsCredentials(scope?: string): () => Promise<unknown> {
  return async () => {
    const { stsUrl } = await demoTarget()
    return new Promise((resolve, reject) => {
      uni.request({
        url: `${stsUrl}/sts`, method: 'POST', data: scope ? { scope } : {}, header: { 'content-type': 'application/json' },
        success: ({ statusCode, data }) => (statusCode === 200 ? resolve(data) : reject(new Error(`STS /sts answered ${statusCode}`))),
        fail: reject,
      })
    })
  }
}
