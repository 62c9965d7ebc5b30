// Seeded random garbage for the fuzz tests: strings from hostile alphabets, and values of every JSON type.
import { pick, seededRandom, type Random } from '../../support/random-requests'

export { pick, type Random }

export const SEED = 20261122

export function fuzzRandom(salt: number): Random {
  return seededRandom(SEED + salt)
}

const ALPHABETS = [
  'abcdefghijklmnopqrstuvwxyz0123456789-_.',
  ' !"#$%&\'()*+,/:;<=>?@[\\]^`{|}~',
  '\u0000\u0001\u0009\u000a\u000d\u001b\u001f\u007f',
  '猫狗图片上传测试',
  '\ud83d\ude00\ud83d\udcf7', // emoji as surrogate pairs
  '\ud800\udbff\udc00\udfff', // surrogate halves, paired only by chance
  '\u00e9\u00fc\u0301\u200b\ufeff\uffff',
]

/** A string of 0–`maxLength` characters drawn from a few hostile alphabets. */
export function garbageString(random: Random, maxLength = 64): string {
  const length = Math.floor(random() ** 2 * (maxLength + 1))
  const alphabets = [pick(random, ALPHABETS), pick(random, ALPHABETS)]
  let text = ''
  for (let i = 0; i < length; i++) text += pick(random, [...pick(random, alphabets)])
  return text
}

/** Any JSON-ish value, or undefined, NaN, Infinity and an array. */
export function garbageValue(random: Random): unknown {
  return pick(random, [
    () => undefined, () => null, () => true, () => 0, () => -1, () => NaN, () => Infinity, () => 1.5,
    () => Math.floor(random() * 1e13), () => '', () => garbageString(random), () => [], () => ({}),
    () => [garbageString(random)], () => ({ nested: garbageString(random) }),
  ])()
}

/** Rejects with 'hung' if `promise` does not settle in `ms`. */
export function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const hung = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`hung for ${ms} ms`)), ms) })
  return Promise.race([promise, hung]).finally(() => clearTimeout(timer))
}
