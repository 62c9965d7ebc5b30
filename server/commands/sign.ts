// `sign`: COS request signatures with their intermediate strings, for checking a server or another SDK.
import { signRequestDetailed, type SignRequestInput, toolInputError } from '../../src/lib/node'
import { answerJsonRequests, requireStrings } from './stdin'

const isRecord = (value: unknown) => value === undefined || (typeof value === 'object' && value !== null && !Array.isArray(value))

/** Checks a parsed JSON sign request (shared with `explain --request`). */
export function toSignInput(request: Record<string, unknown>, where = 'request'): SignRequestInput {
  requireStrings(request, ['secretId', 'secretKey', 'method', 'pathname', 'keyTime'], where)
  for (const field of ['query', 'headers']) {
    if (!isRecord(request[field])) throw toolInputError('missing-field', `${where} 的 ${field} 须为对象`, `${where}: "${field}" must be an object`, { field })
  }
  return request as unknown as SignRequestInput
}

export const sign = {
  name: 'sign',
  summary: 'stdin {secretId, secretKey, method, pathname, query?, headers?, keyTime, signAllHeaders?} (or an array) → signature JSON',
  run: (argv: string[]) => answerJsonRequests(argv, (request, where) => {
    const { authorization, httpString, stringToSign, signKey, signature } = signRequestDetailed(toSignInput(request, where))
    return { authorization, httpString, stringToSign, signKey, signature }
  }),
}
