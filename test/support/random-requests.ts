// Seeded random COS requests for property tests against the official SDK signer.
import { type SignableValues, type SignRequestInput } from '../../src/lib/core/sign'
import { seededRandom } from '../../server/emulator/seededRandom'

export type Random = () => number

export { seededRandom }

export const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]

const int = (random: Random, min: number, max: number): number => min + Math.floor(random() * (max - min + 1))

const ASCII = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~'
const SPECIAL = [' ', '+', '!', "'", '(', ')', '*', '~', '%', '#', '?', '&', '=', ';', ':', '@', ',', '$', '/', '//', '"', '<', '[', '|', '^', '`']
const UNICODE = ['腾讯云', '相册', '照片', 'é', 'ß', 'Ж', 'ü', '😀', '🎉', '👨‍👩‍👧', '𝄞', '\u00a0', '한글']

/** A string mixing plain ASCII, reserved/special characters, CJK and astral-plane emoji (never a lone surrogate). */
export function randomText(random: Random, maxParts = 8): string {
  let text = ''
  const parts = int(random, 0, maxParts)
  for (let i = 0; i < parts; i++) {
    const roll = random()
    if (roll < 0.5) text += ASCII.slice(int(random, 0, ASCII.length - 4)).slice(0, int(random, 1, 6))
    else if (roll < 0.8) text += pick(random, SPECIAL)
    else text += pick(random, UNICODE)
  }
  return text
}

export function randomKey(random: Random): string {
  const key = randomText(random, 10)
  const roll = random()
  return roll < 0.1 ? '/' + key : roll < 0.15 ? key + '//' + randomText(random, 3) : key
}

const QUERY_NAMES = ['response-content-type', 'response-cache-control', 'uploads', 'partNumber', 'uploadId', 'versionId',
  'x-cos-traffic-limit', 'acl', 'imageMogr2/thumbnail/200x', 'ci-process', 'Prefix', 'a b', '名字', 'A_Z']

function randomValue(random: Random): SignableValues[string] {
  const roll = random()
  if (roll < 0.1) return ''
  if (roll < 0.15) return null
  if (roll < 0.2) return undefined
  if (roll < 0.3) return int(random, 0, 100000)
  if (roll < 0.33) return random() < 0.5
  return randomText(random, 6)
}

function randomValues(random: Random, names: readonly string[], count: number, caseMix: boolean): SignableValues {
  const values: SignableValues = {}
  for (let i = 0; i < count; i++) {
    let name = random() < 0.8 ? pick(random, names) : randomText(random, 3) || 'n'
    if (caseMix && random() < 0.4) name = name.replace(/(^|-)(\w)/g, (_, dash: string, c: string) => dash + c.toUpperCase())
    if (caseMix && random() < 0.1) name = name.toUpperCase()
    values[name] = randomValue(random)
  }
  return values
}

const HEADER_NAMES = ['host', 'content-type', 'content-length', 'content-md5', 'content-disposition', 'cache-control',
  'expires', 'x-cos-meta-author', 'x-cos-acl', 'x-cos-security-token', 'x-cos-storage-class', 'pic-operations',
  'x-ci-process', 'range', 'if-match', 'origin', 'my-x-cos-thing', 'transfer-encoding',
  // not signable
  'user-agent', 'date', 'accept', 'authorization', 'referer', 'connection', 'x-amz-date', 'cookie']

const METHODS = ['get', 'GET', 'put', 'Put', 'post', 'POST', 'delete', 'head', 'HEAD', 'options']

export function randomSignRequest(random: Random): SignRequestInput {
  const start = int(random, 1000000000, 2000000000)
  const secretKey = ASCII.slice(int(random, 0, 20), int(random, 30, ASCII.length)) + (random() < 0.1 ? pick(random, UNICODE) : '')
  return {
    secretId: 'AKID' + ASCII.slice(int(random, 0, 30), int(random, 40, ASCII.length)),
    secretKey,
    method: pick(random, METHODS),
    pathname: randomKey(random),
    query: random() < 0.3 ? undefined : randomValues(random, QUERY_NAMES, int(random, 0, 5), false),
    headers: random() < 0.2 ? undefined : randomValues(random, HEADER_NAMES, int(random, 0, 8), true),
    keyTime: `${start};${start + int(random, 0, 86400)}`,
  }
}

/** The same request in cos-nodejs-sdk-v5 `getAuthorization` options. */
export function toSdkOptions(input: SignRequestInput): Record<string, unknown> {
  return {
    SecretId: input.secretId,
    SecretKey: input.secretKey,
    Method: input.method,
    Key: input.pathname,
    Query: input.query,
    Headers: input.headers,
    KeyTime: input.keyTime,
  }
}
