// POST Object policy conditions (doc 436/14690): expiration, exact / starts-with matches of form fields,
// content-length-range, and the required q-sign-algorithm / q-ak / q-sign-time conditions.
import { accessDenied, CosHttpError } from './cosError'

export interface PolicyContext {
  policyText: string
  /** Form fields by lower-cased name. */
  fields: Record<string, string>
  bucket: string
  /** The object key after `${filename}` substitution. */
  key: string
  nowMs: number
}

const invalidPolicy = (message: string) => new CosHttpError(400, 'InvalidPolicyDocument', message)

const mismatch = (name: string, value: string | undefined) =>
  accessDenied(`Condition key ${name} doesn't match the value ${value ?? ''}`)

const REQUIRED = ['q-sign-algorithm', 'q-ak', 'q-sign-time']

function actualValue(context: PolicyContext, field: string): string | undefined {
  const name = field.replace(/^\$/, '').toLowerCase()
  if (name === 'bucket') return context.bucket
  if (name === 'key') return context.key
  // The policy names it q-sign-time; the form carries it as q-key-time.
  if (name === 'q-sign-time') return context.fields['q-key-time']
  return context.fields[name]
}

/** Enforces every condition except the file size, which it returns as `[min, max]` for the upload to check. */
export function checkPolicyConditions(context: PolicyContext): { lengthRange?: [number, number] } {
  let policy: { expiration?: unknown; conditions?: unknown }
  try {
    policy = JSON.parse(context.policyText)
  } catch {
    throw invalidPolicy('Invalid Policy: Invalid JSON.')
  }
  const conditions = policy && policy.conditions
  if (!Array.isArray(conditions) || !conditions.length) {
    throw invalidPolicy('You must provide condition if you specify a policy in post object request.')
  }
  const expiration = typeof policy.expiration === 'string' ? Date.parse(policy.expiration) : NaN
  if (isNaN(expiration)) throw invalidPolicy('Invalid Policy: Invalid \'expiration\' value.')
  if (expiration < context.nowMs) {
    throw accessDenied(`You post object request has been expired, expiration time: ${Math.floor(expiration / 1000)} ` +
      `but the time now : ${Math.floor(context.nowMs / 1000)}`)
  }
  const named = new Set<string>()
  let lengthRange: [number, number] | undefined
  for (const condition of conditions) {
    if (Array.isArray(condition)) {
      const [op, field, value] = condition
      if (op === 'content-length-range') {
        if (!Number.isInteger(field) || !Number.isInteger(value)) throw invalidPolicy('Invalid Policy: Invalid content-length-range.')
        lengthRange = [field, value]
        continue
      }
      if (typeof field !== 'string' || typeof value !== 'string' || (op !== 'eq' && op !== 'starts-with')) {
        throw invalidPolicy(`Invalid Policy: Invalid condition ${JSON.stringify(condition)}.`)
      }
      const actual = actualValue(context, field)
      named.add(field.replace(/^\$/, '').toLowerCase())
      if (actual === undefined || (op === 'eq' ? actual !== value : !actual.startsWith(value))) throw mismatch(field.replace(/^\$/, ''), actual)
    } else if (condition && typeof condition === 'object') {
      for (const [field, value] of Object.entries(condition)) {
        const actual = actualValue(context, field)
        named.add(field.toLowerCase())
        if (actual !== String(value)) throw mismatch(field, actual)
      }
    } else {
      throw invalidPolicy(`Invalid Policy: Invalid condition ${JSON.stringify(condition)}.`)
    }
  }
  const missing = REQUIRED.find((name) => !named.has(name))
  if (missing) throw invalidPolicy(`Invalid Policy: the policy must carry a ${missing} condition.`)
  return { lengthRange }
}
