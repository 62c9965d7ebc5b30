// SignatureDoesNotMatch, diagnosed by diffing the StringToSign: with the client's own signature strings (a tool
// has them; a device doesn't keep them), the first line where they differ from COS's FormatString / StringToSign.
import { diagnoseCosError as diagnoseAnswer, type DiagnosisContext } from '../core/diagnose'
import type { CosErrorBody } from '../core/errors'
import { diagnosis, type Diagnosis } from '../core/messages'
import { nodeTexts } from './texts'

/** 1-based number of the first line where `a` and `b` differ (a final newline ignored); 0 when equal. */
export function firstDifferingLine(a: string, b: string): number {
  const x = a.replace(/\n$/, '').split('\n')
  const y = b.replace(/\n$/, '').split('\n')
  for (let i = 0; i < Math.max(x.length, y.length); i++) if (x[i] !== y[i]) return i + 1
  return 0
}

export interface LocalSignature {
  httpString: string
  stringToSign: string
}

function signatureMismatch(cos: CosErrorBody, local: LocalSignature): Diagnosis | undefined {
  const server = { httpString: cos.FormatString, stringToSign: cos.StringToSign }
  if (server.httpString == null || server.stringToSign == null) return undefined
  const httpLine = firstDifferingLine(local.httpString, server.httpString)
  const signLine = firstDifferingLine(local.stringToSign, server.stringToSign)
  if (!httpLine && !signLine) return nodeTexts.diagnosis('secret-key-mismatch', { server })
  const field = httpLine ? 'HttpString' : 'StringToSign'
  const line = httpLine || signLine
  const [mine, theirs] = httpLine ? [local.httpString, server.httpString] : [local.stringToSign, server.stringToSign]
  return diagnosis('signature-mismatch', {
    at: `${field} line ${line}`, field, line, local: mine.split('\n')[line - 1], server: theirs.split('\n')[line - 1],
  })
}

/** The core's diagnosis, and for SignatureDoesNotMatch with `context.local` the line where the strings part. */
export function diagnoseCosError(
  status: number, cos: CosErrorBody, headers: Record<string, string> = {}, context: DiagnosisContext & { local?: LocalSignature } = {},
): Diagnosis {
  const local = cos.Code === 'SignatureDoesNotMatch' && context.local && signatureMismatch(cos, context.local)
  return local || diagnoseAnswer(status, cos, headers, context)
}
