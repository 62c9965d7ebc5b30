// What a mini-program host API's errMsg (`<api>:fail <reason>`) means and what to do about it. Plain text in, a
// typed HostError out: no Taro here, so tools and tests read errMsgs too.
import { HostError, type ErrorKind } from '../core/errors'
import { diagnosis, type Diagnosis } from '../core/messages'
import { hostTexts } from './texts'

// The privacy declaration the api needs (WeChat's privacy guide names): picking or album writes.
const PICKING = /choose|preview/i
// Alipay's errorMessage texts (opendocs my.* error tables) are the reason where uni-mp-alipay turns
// `{error, errorMessage}` into `<api>:fail <errorMessage>`: 4/11 无权跨域 (domain), 11 用户取消操作 (picker closed),
// 15 没有开启相册权限 (album access). Taro passes the codes on (errors.ts).

function hostDiagnosis(errMsg: string, api: string, domain?: string): [Diagnosis, ErrorKind?] {
  if (/domain list|合法域名|无权跨域/i.test(errMsg)) {
    const list = /download/i.test(api) ? 'downloadFile' : /upload/i.test(api) ? 'uploadFile' : 'request'
    return [hostTexts.diagnosis('domain-not-allowed', { domain: domain || '?', list, api })]
  }
  if (/scope is not declared/i.test(errMsg)) {
    return [hostTexts.diagnosis('privacy-scope-undeclared', { api, declare: PICKING.test(api) ? '选中的照片或视频信息' : '相册（仅写入）权限' })]
  }
  if (/privacy permission is not authorized/i.test(errMsg)) return [hostTexts.diagnosis('privacy-not-authorized', { api })]
  if (/auth den|authorize:fail|permission denied|相册权限/i.test(errMsg)) return [hostTexts.diagnosis('permission-denied', { api })]
  // An XHR network error: Taro H5 says `uploadFile:fail undefined`, uni-app H5 a bare `uploadFile:fail`.
  if (/time(d)? ?out|interrupted|socket|network|econn|connection (reset|refused|closed|lost)|网络|fail undefined$|^(uploadFile|downloadFile|request):fail$/i.test(errMsg)) {
    return [diagnosis('network-error', { api }), 'network']
  }
  if (/abort|cancel|用户取消/i.test(errMsg)) return [diagnosis('canceled', { api }), 'canceled']
  return [diagnosis('host-error', { api, errMsg })]
}

/** A HostError for a host API's `errMsg` (`<api>:fail <reason>`); `domain` names the refused domain. */
export function hostErrorFrom(errMsg: string, domain?: string): HostError {
  const text = String(errMsg)
  const api = (/^(\w+):/.exec(text) || ['', ''])[1]
  const [found, kind] = hostDiagnosis(text, api, domain)
  return new HostError(text, found, kind)
}

