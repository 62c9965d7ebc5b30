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

type Answer = { statusCode: number; data: unknown }

function call(url: string, post?: Record<string, unknown>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    uni.request({
      url, method: post ? 'POST' : 'GET', data: post, dataType: 'json', header: post ? { 'content-type': 'application/json' } : {},
      success: ({ statusCode, data }) => resolve({ statusCode, data }), fail: reject,
    })
  })
}

export function savedStsUrl(): string {
  const saved: unknown = uni.getStorageSync(STS_URL_KEY)
  return typeof saved === 'string' ? saved : ''
}

/** Keeps `url` as the STS address ('' forgets it). */
export function saveStsUrl(url: string): void {
  if (url) uni.setStorageSync(STS_URL_KEY, url.replace(/\/+$/, ''))
  else uni.removeStorageSync(STS_URL_KEY)
}

/** On H5 under `npm start`, the demo server says where the STS service is. */
async function servedStsUrl(): Promise<string> {
  // #ifdef H5
  const answer = await call('/demo-config.json').catch(() => undefined)
  const served = (answer?.data ?? {}) as { stsUrl?: unknown }
  if (answer?.statusCode === 200 && typeof served.stsUrl === 'string') return served.stsUrl
  // #endif
  return ''
}

/** Asks the STS service where to upload; rejects with what went wrong, in a sentence. */
export async function findTarget(): Promise<DemoTarget> {
  const stsUrl = savedStsUrl() || (await servedStsUrl()) || DEFAULT_STS_URL
  const answer = await call(`${stsUrl}/bucket`).catch(() => {
    throw new Error(`the STS service at ${stsUrl} is not reachable`)
  })
  const found = { stsUrl, ...(answer.data as object) } as DemoTarget
  if (answer.statusCode !== 200 || !found.bucket || !found.region || !found.endpoint) {
    throw new Error(`the STS service at ${stsUrl} answered GET /bucket with ${answer.statusCode}, not a bucket`)
  }
  return found
}

/** A getCredentials for <CosUploader>: a temporary key from the STS service; `scope` names one of its presets. */
export function stsCredentials(stsUrl: string, scope?: string): () => Promise<unknown> {
  return async () => {
    const answer = await call(`${stsUrl}/sts`, scope ? { scope } : {})
    if (answer.statusCode !== 200) throw new Error(`STS /sts answered ${answer.statusCode}`)
    return answer.data
  }
}
