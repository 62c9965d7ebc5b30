// Where the demo uploads, learned at run time, so that no port is compiled in: the STS service's address, then from
// it (GET /bucket) the bucket, region and endpoint — the emulator's address under `npm start`, COS's domain when the
// STS service runs in real mode. The STS address is, first to last: the one set on the demo's home page (kept in
// storage: how WeChat DevTools reaches an STS service on another port without a rebuild), the demo server's
// /demo-config.json (H5 under `npm start`), the build's TARO_APP_STS_URL (default http://127.0.0.1:9100).
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { BUILD_STS_URL, STS_URL_KEY } from './settings'

export interface DemoTarget {
  stsUrl: string
  bucket: string
  region: string
  /** A template like `http://{bucket}.cos.{region}.localhost:9000`, or COS's own domain. */
  endpoint: string
}

export function savedStsUrl(): string {
  try {
    const saved = Taro.getStorageSync(STS_URL_KEY)
    return typeof saved === 'string' ? saved : ''
  } catch {
    return ''
  }
}

/** Keeps `url` as the STS address ('' forgets it) and looks the target up again. */
export function saveStsUrl(url: string): void {
  if (url) Taro.setStorageSync(STS_URL_KEY, url.replace(/\/+$/, ''))
  else Taro.removeStorageSync(STS_URL_KEY)
  pending = undefined
}

async function servedStsUrl(): Promise<string> {
  if (process.env.TARO_ENV !== 'h5') return ''
  try {
    const answer = await Taro.request({ url: '/demo-config.json', dataType: 'json' })
    return answer.statusCode === 200 && typeof answer.data?.stsUrl === 'string' ? answer.data.stsUrl : ''
  } catch {
    return ''
  }
}

async function lookUp(): Promise<DemoTarget> {
  const stsUrl = savedStsUrl() || (await servedStsUrl()) || BUILD_STS_URL
  let answer
  try {
    answer = await Taro.request({ url: `${stsUrl}/bucket`, dataType: 'json' })
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

/** The target, or why there is none yet; looked up again whenever `round` changes. */
export function useDemoTarget(round = 0): { target?: DemoTarget; problem?: string } {
  const [state, setState] = useState<{ target?: DemoTarget; problem?: string }>({})
  useEffect(() => {
    let live = true
    setState({})
    demoTarget().then((target) => live && setState({ target }), (error: Error) => live && setState({ problem: error.message }))
    return () => {
      live = false
    }
  }, [round])
  return state
}
