// POST policy conditions, checked on their own (the HTTP paths are in test/integration/emulator-post.test.ts).
import { checkPolicyConditions, type PolicyContext } from '../../server/emulator/policyConditions'
import { CosHttpError } from '../../server/emulator/cosError'

const NOW = Date.parse('2026-01-01T00:00:00Z')
const REQUIRED = [{ 'q-sign-algorithm': 'sha1' }, { 'q-ak': 'AKIDx' }, { 'q-sign-time': '1;2' }]
const FIELDS = { 'q-sign-algorithm': 'sha1', 'q-ak': 'AKIDx', 'q-key-time': '1;2', 'content-type': 'image/png', 'x-cos-meta-a': 'b' }

function check(conditions: unknown[], overrides: Partial<PolicyContext> = {}) {
  const policyText = JSON.stringify({ expiration: '2026-01-01T00:10:00Z', conditions: [...conditions, ...REQUIRED] })
  return checkPolicyConditions({ policyText, fields: FIELDS, bucket: 'b-1', key: 'uploads/a.png', nowMs: NOW, ...overrides })
}

function failure(run: () => unknown): { status: number; code: string; message: string } {
  try {
    run()
  } catch (error) {
    const cos = error as CosHttpError
    return { status: cos.status, code: cos.code, message: cos.message }
  }
  throw new Error('expected a CosHttpError')
}

it('accepts exact, eq and starts-with matches (field names in any case) and returns content-length-range', () => {
  expect(check([{ bucket: 'b-1' }, ['eq', '$key', 'uploads/a.png'], ['starts-with', '$Content-Type', 'image/'],
    { 'X-Cos-Meta-A': 'b' }, ['starts-with', '$key', ''], ['content-length-range', 5, 10]])).toEqual({ lengthRange: [5, 10] })
  expect(check([])).toEqual({ lengthRange: undefined })
})

it('maps the policy q-sign-time to the form q-key-time', () => {
  expect(failure(() => check([], { fields: { ...FIELDS, 'q-key-time': '1;3' } })))
    .toEqual({ status: 403, code: 'AccessDenied', message: "Condition key q-sign-time doesn't match the value 1;3" })
})

it('refuses a mismatch or a missing field with AccessDenied naming the condition key', () => {
  expect(failure(() => check([['starts-with', '$key', 'other/']]))).toMatchObject({ code: 'AccessDenied', message: "Condition key key doesn't match the value uploads/a.png" })
  expect(failure(() => check([{ bucket: 'c-1' }]))).toMatchObject({ code: 'AccessDenied', message: "Condition key bucket doesn't match the value b-1" })
  expect(failure(() => check([{ 'x-cos-meta-missing': 'v' }]))).toMatchObject({ status: 403, code: 'AccessDenied' })
})

it('refuses an expired policy with the COS message', () => {
  expect(failure(() => check([], { nowMs: Date.parse('2026-01-01T00:10:01Z') })).message)
    .toBe('You post object request has been expired, expiration time: 1767226200 but the time now : 1767226201')
})

it('answers InvalidPolicyDocument for bad JSON, no conditions, bad expiration, unknown operators and missing q-* conditions', () => {
  const invalid = (policyText: string) => failure(() => checkPolicyConditions({ policyText, fields: FIELDS, bucket: 'b-1', key: 'k', nowMs: NOW })).code
  expect(invalid('{')).toBe('InvalidPolicyDocument')
  expect(invalid(JSON.stringify({ expiration: '2026-01-02T00:00:00Z', conditions: [] }))).toBe('InvalidPolicyDocument')
  expect(invalid(JSON.stringify({ expiration: 'soon', conditions: REQUIRED }))).toBe('InvalidPolicyDocument')
  expect(invalid(JSON.stringify({ expiration: '2026-01-02T00:00:00Z', conditions: [['ends-with', '$key', 'x'], ...REQUIRED] }))).toBe('InvalidPolicyDocument')
  expect(invalid(JSON.stringify({ expiration: '2026-01-02T00:00:00Z', conditions: [['content-length-range', 'a', 2], ...REQUIRED] }))).toBe('InvalidPolicyDocument')
  expect(failure(() => checkPolicyConditions({ policyText: JSON.stringify({ expiration: '2026-01-02T00:00:00Z', conditions: REQUIRED.slice(0, 2) }),
    fields: FIELDS, bucket: 'b-1', key: 'k', nowMs: NOW })).message).toMatch(/q-sign-time/)
})
