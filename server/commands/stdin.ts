// Input plumbing shared by the commands: all of stdin, the JSON request loop, required string fields.
import { parseArgs } from 'node:util'
import { toolInputError } from '../../src/lib/node'

export async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw toolInputError('no-input', '请从标准输入提供数据', 'Expected input on stdin (pipe a file in)')
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * The JSON commands' loop: stdin holds one request object or an array of them; each is answered by `answer`
 * (given where it stands, for error messages) and the answers are printed in the input's shape.
 * These commands take no arguments: any in `argv` is an error.
 */
export async function answerJsonRequests(argv: string[], answer: (request: Record<string, unknown>, where: string) => unknown): Promise<number> {
  parseArgs({ args: argv, options: {} })
  const text = await readStdin()
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw toolInputError('invalid-json', '标准输入不是有效的 JSON', `stdin is not valid JSON: ${(error as Error).message}`)
  }
  const many = Array.isArray(parsed)
  const results = ((many ? parsed : [parsed]) as unknown[]).map((request, index) => {
    const where = many ? `request ${index}` : 'request'
    if (typeof request !== 'object' || request === null || Array.isArray(request)) {
      throw toolInputError('invalid-json', `${where} 须为 JSON 对象`, `${where} is not a JSON object`)
    }
    return answer(request as Record<string, unknown>, where)
  })
  process.stdout.write(JSON.stringify(many ? results : results[0], null, 2) + '\n')
  return 0
}

/** Throws an InvalidInputError naming the first of `fields` that is missing or not a string (the signers check the values). */
export function requireStrings(request: Record<string, unknown>, fields: string[], where = 'request'): void {
  const missing = fields.find((field) => typeof request[field] !== 'string')
  if (missing) {
    throw toolInputError('missing-field', `${where}：${missing} 须为字符串`, `${where}: "${missing}" must be a string`, { field: missing })
  }
}
