import { invalidInput } from '../core/errors'

/** Throws InvalidInputError unless `url` is an http(s) URL; `what` names it in the message. */
export function checkHttpUrl(url: unknown, what: { 'zh-CN': string; en: string }): void {
  if (typeof url !== 'string' || !/^https?:\/\/[^/?#]+/i.test(url)) {
    throw invalidInput('invalid-url', `${what['zh-CN']}应为 http(s) URL，收到 ${String(url)}`, `${what.en} must be an http(s) URL, got ${String(url)}`, { url })
  }
}
