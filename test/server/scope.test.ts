// Temporary-key scopes.
import { scopeAllows, validateScope } from '../../server/sts/scope'

it('allows listed actions on keys under an allowed prefix, in the scoped bucket only', () => {
  const scope = { actions: ['name/cos:PostObject', 'name/cos:GetObject'], allowPrefix: ['uploads/', 'avatars/*'], bucket: 'b-1' }
  expect(scopeAllows(scope, 'PostObject', 'b-1', 'uploads/a.jpg')).toBe(true)
  expect(scopeAllows(scope, 'GetObject', 'b-1', 'avatars/me.jpg')).toBe(true)
  expect(scopeAllows(scope, 'PutObject', 'b-1', 'uploads/a.jpg')).toBe(false)
  expect(scopeAllows(scope, 'PostObject', 'b-1', 'uploadsX/a.jpg')).toBe(false)
  expect(scopeAllows(scope, 'PostObject', 'c-1', 'uploads/a.jpg')).toBe(false)
  expect(scopeAllows({ actions: ['name/cos:*'], allowPrefix: [''] }, 'DeleteObject', 'any-1', 'x')).toBe(true)
})

it('validates a scope and says where it is wrong, without quoting it', () => {
  expect(validateScope({ actions: ['name/cos:PutObject'], allowPrefix: ['a/'], extra: 1 })).toEqual({ actions: ['name/cos:PutObject'], allowPrefix: ['a/'] })
  expect(() => validateScope({ actions: [], allowPrefix: ['a/'] })).toThrow(/non-empty/)
  expect(() => validateScope({ actions: ['name/cos:PutObject'] })).toThrow(/allowPrefix/)
  expect(() => validateScope({ actions: ['name/cos:GetObject', 'cos:PutObject'], allowPrefix: ['a/'] }))
    .toThrow(/^action 2 is not a known action \(known: name\/cos:PostObject, /)
})
