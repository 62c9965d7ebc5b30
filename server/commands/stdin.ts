// Input plumbing shared by the commands: all of stdin, JSON requests, required string fields.
import { parseArgs } from 'node:util'
import { invalidInput } from '../../src/lib/core/errors'

export async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw invalidInput('no-input', '请从标准输入提供数据', 'Expected input on stdin (pipe a file in)')
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * stdin as one JSON object or an array of them; `many` says which, so the output can take the same shape.
 * These commands take no arguments: any in `argv` is an error.
 */
export async function readJsonRequests(argv: string[]): Promise<{ requests: Record<string, unknown>[]; many: boolean }> {
  parseArgs({ args: argv, options: {} })
  const text = await readStdin()
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw invalidInput('invalid-json', '标准输入不是有效的 JSON', `stdin is not valid JSON: ${(error as Error).message}`)
  }
  const many = Array.isArray(parsed)
  const requests = (many ? parsed : [parsed]) as unknown[]
  requests.forEach((request, index) => {
    if (typeof request !== 'object' || request === null || Array.isArray(request)) {
      throw invalidInput('invalid-json', '每个请求须为 JSON 对象', `request ${index} is not a JSON object`)
    }
  })
  return { requests: requests as Record<string, unknown>[], many }
}

/** Throws an InvalidInputError naming the first of `fields` that is missing or not a string (the signers check the values). */
export function requireStrings(request: Record<string, unknown>, fields: string[], where = 'request'): void {
  const missing = fields.find((field) => typeof request[field] !== 'string')
  if (missing) {
    throw invalidInput('missing-field', `${where}：${missing} 须为字符串`, `${where}: "${missing}" must be a string`, { field: missing })
  }
}

/** Prints `results` as JSON, one object or an array, matching the input. */
export function printJson(results: unknown[], many: boolean): void {
  process.stdout.write(JSON.stringify(many ? results : results[0], null, 2) + '\n')
}
