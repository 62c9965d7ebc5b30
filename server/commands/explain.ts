// `explain`: what a COS error body means; with --request, the local signature strings diffed against the server's.
import { parseFlags } from './flags'
import { readFileSync } from 'node:fs'
import { diagnoseCosError, firstDifferingLine, type DiagnosisContext, toolInputError, validateObjectKey, parseCosError, signRequestDetailed } from '../../src/lib/node'
import { toSignInput } from './sign'
import { parseJson, readStdin } from './stdin'

// The usual status of codes whose diagnosis depends on it, when --status isn't given.
const SERVER_CODES: Record<string, number> = { InternalError: 500, ServiceUnavailable: 503, SlowDown: 503 }

/** Both texts line by line: equal lines once, differing ones as -local/+server, the first marked. */
export function lineDiff(title: string, local: string, server: string): string[] {
  const mine = local.replace(/\n$/, '').split('\n')
  const theirs = server.replace(/\n$/, '').split('\n')
  const first = firstDifferingLine(local, server)
  const out = [`${title}: ${first ? `first difference at line ${first}` : 'identical'}`]
  for (let i = 0; i < Math.max(mine.length, theirs.length); i++) {
    const n = String(i + 1).padStart(3)
    if (mine[i] === theirs[i]) {
      out.push(`  ${n}  ${mine[i]}`)
      continue
    }
    const mark = i + 1 === first ? '   <-- first difference' : ''
    out.push(`- ${n}  ${mine[i] ?? '(no line)'}   (local)${mark}`, `+ ${n}  ${theirs[i] ?? '(no line)'}   (server)`)
  }
  return out
}

function readRequest(file: string) {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw toolInputError('file-unreadable', '无法读取 --request 指定的文件', `--request: cannot read the file (${(error as NodeJS.ErrnoException).code})`)
  }
  const request = parseJson(text, '--request')
  if (typeof request !== 'object' || request === null) throw toolInputError('invalid-json', '--request 须为 JSON 对象', '--request must hold a JSON object')
  return signRequestDetailed(toSignInput(request as Record<string, unknown>, '--request'))
}

/** What the failed request was: the key, the prefixes its credentials allow, the CAM action. */
function requestFacts(values: { key?: string; 'allow-prefix'?: string[]; action?: string }): DiagnosisContext {
  const { key, action } = values
  const allowPrefix = values['allow-prefix']
  if (key !== undefined) validateObjectKey(key)
  if (allowPrefix && key === undefined) {
    throw toolInputError('missing-field', '--allow-prefix 需与 --key 同用', '--allow-prefix needs --key (the key to compare with it)')
  }
  if (action !== undefined && !/^name\/[a-z]+:[A-Za-z*]+$/.test(action)) {
    throw toolInputError('invalid-action', '--action 须形如 name/cos:GetObject', '--action must look like name/cos:GetObject')
  }
  return { key, allowPrefix, action }
}

export const explain = {
  name: 'explain',
  summary: 'stdin = a COS error XML → diagnosis (en, zh-CN); --request <sign request.json> diffs the signature strings ' +
    '[--status N] [--date "<HTTP Date header>"] [--key K] [--allow-prefix P]… [--action name/cos:X]',
  async run(argv: string[]): Promise<number> {
    const { values } = parseFlags(argv, {
      request: { type: 'string' }, status: { type: 'string' }, date: { type: 'string' },
      key: { type: 'string' }, 'allow-prefix': { type: 'string', multiple: true }, action: { type: 'string' },
    })
    const status = values.status === undefined ? undefined : Number(values.status)
    if (status !== undefined && !(Number.isInteger(status) && status >= 100 && status <= 599)) {
      throw toolInputError('invalid-status', '--status 须为 HTTP 状态码', '--status must be an HTTP status code')
    }
    const facts = requestFacts(values)
    const local = values.request === undefined ? undefined : readRequest(values.request)
    const cos = parseCosError(await readStdin())
    if (!cos) throw toolInputError('not-cos-error', '标准输入不是 COS 错误 XML', 'stdin is not a COS error XML (<Error><Code>…</Code>…</Error>)')
    const found = diagnoseCosError(status ?? SERVER_CODES[cos.Code] ?? 400, cos, values.date ? { date: values.date } : {}, { ...facts, local })
    const lines = [
      `Code:       ${cos.Code}`,
      `Message:    ${cos.Message}`,
      `RequestId:  ${cos.RequestId ?? '-'}`,
      `Diagnosis:  ${found.code} (${found.retryable ? 'retryable' : 'not retryable'})`,
      `en:         ${found.message.en}`,
      `zh-CN:      ${found.message['zh-CN']}`,
    ]
    if (found.detail) lines.push(`Detail:     ${JSON.stringify(found.detail)}`)
    if (local) {
      if (cos.FormatString === undefined || cos.StringToSign === undefined) {
        lines.push('', 'The server sent no FormatString/StringToSign to compare with the local signature.')
      } else {
        lines.push('', ...lineDiff('HttpString (local) vs FormatString (server)', local.httpString, cos.FormatString))
        lines.push('', ...lineDiff('StringToSign (local) vs StringToSign (server)', local.stringToSign, cos.StringToSign))
      }
    }
    process.stdout.write(lines.join('\n') + '\n')
    return 0
  },
}
