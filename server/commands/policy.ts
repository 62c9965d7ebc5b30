// `policy`: POST Object policy signatures (doc 436/14690) for the exact policy text given.
import { signPostPolicy } from '../../src/lib/core/postPolicy'
import { printJson, readJsonRequests, requireStrings } from './stdin'

export const policy = {
  name: 'policy',
  summary: 'stdin {secretId, secretKey, keyTime, policy: "<exact policy JSON text>"} (or an array) → {policyBase64, stringToSign, signature}',
  async run(argv: string[]): Promise<number> {
    const { requests, many } = await readJsonRequests(argv)
    const results = requests.map((request, index) => {
      requireStrings(request, ['secretId', 'secretKey', 'keyTime', 'policy'], many ? `request ${index}` : 'request')
      const { secretId, secretKey, keyTime, policy: text } = request as Record<string, string>
      const { policyBase64, stringToSign, signature } = signPostPolicy({ secretId, secretKey, keyTime, policy: text })
      return { policyBase64, stringToSign, signature }
    })
    printJson(results, many)
    return 0
  },
}
