// What a mini-program host API's errMsg (`<api>:fail <reason>`) means and what to do about it. Plain text in, a
// typed HostError out: no Taro here, so tools and tests read errMsgs too.
import { HostError, type ErrorKind } from '../core/errors'
import { diagnosis, type Diagnosis } from '../core/messages'

// The privacy declaration the api needs (WeChat's privacy guide names): picking or album writes.
const PICKING = /choose|preview/i

function hostDiagnosis(errMsg: string, api: string, domain?: string): [Diagnosis, ErrorKind?] {
  if (/domain list|合法域名/i.test(errMsg)) {
    const list = /download/i.test(api) ? 'downloadFile' : /upload/i.test(api) ? 'uploadFile' : 'request'
    return [diagnosis('domain-not-allowed', { domain: domain || '?', list, api })]
  }
  if (/scope is not declared/i.test(errMsg)) {
    return [diagnosis('privacy-scope-undeclared', { api, declare: PICKING.test(api) ? '选中的照片或视频信息' : '相册（仅写入）权限' })]
  }
  if (/privacy permission is not authorized/i.test(errMsg)) return [diagnosis('privacy-not-authorized', { api })]
  if (/auth den|authorize:fail|permission denied/i.test(errMsg)) return [diagnosis('permission-denied', { api })]
  // Taro H5 reports an XHR network error as `uploadFile:fail undefined`.
  if (/time(d)? ?out|interrupted|socket|network|econn|connection (reset|refused|closed|lost)|网络|fail undefined$/i.test(errMsg)) {
    return [diagnosis('network-error', { api }), 'network']
  }
  if (/abort|cancel/i.test(errMsg)) return [diagnosis('canceled', { api }), 'canceled']
  return [diagnosis('host-error', { api, errMsg })]
}

/** A HostError for a host API's `errMsg` (`<api>:fail <reason>`); `domain` names the refused domain. */
export function hostErrorFrom(errMsg: string, domain?: string): HostError {
  const text = String(errMsg)
  const api = (/^(\w+):/.exec(text) || ['', ''])[1]
  const [found, kind] = hostDiagnosis(text, api, domain)
  return new HostError(text, found, kind)
}

