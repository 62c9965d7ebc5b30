// The three primitives COS signing needs. Strings are hashed as UTF-8; results are lower-case hex.
// crypto-js is imported per algorithm so bundles stay small.
import HmacSHA1 from 'crypto-js/hmac-sha1'
import SHA1 from 'crypto-js/sha1'
import Base64 from 'crypto-js/enc-base64'
import Utf8 from 'crypto-js/enc-utf8'

export function sha1Hex(text: string): string {
  return SHA1(text).toString()
}

/** HMAC-SHA1 keyed with the UTF-8 bytes of `key` (COS's SignKey is a hex *string* used this way). */
export function hmacSha1Hex(key: string, text: string): string {
  return HmacSHA1(text, key).toString()
}

export function base64Utf8(text: string): string {
  return Base64.stringify(Utf8.parse(text))
}
