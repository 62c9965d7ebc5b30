// `policy`: POST Object policy signatures (doc 436/14690) for the exact policy text given.
import { signPostPolicy } from '../../src/lib/node'
import { answerJsonRequests, requireStrings } from './stdin'

export const policy = {
  name: 'policy',
  summary: 'stdin {secretId, secretKey, keyTime, policy: "<exact policy JSON text>"} (or an array) → {policyBase64, stringToSign, signature}',
  run: (argv: string[]) => answerJsonRequests(argv, (request, where) => {
    requireStrings(request, ['secretId', 'secretKey', 'keyTime', 'policy'], where)
    const { secretId, secretKey, keyTime, policy: text } = request as Record<string, string>
    const { policyBase64, stringToSign, signature } = signPostPolicy({ secretId, secretKey, keyTime, policy: text })
    return { policyBase64, stringToSign, signature }
  }),
}
