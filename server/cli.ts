// `cos-uploader <command>` (npm run --silent cli -- <command>): COS signing and diagnosis from the command line.
import { isCosUploaderError } from '../src/lib/node'
import { commands } from './commands'

function help(): string {
  return ['Usage: cos-uploader <command> [options]   (JSON in on stdin, results on stdout)', '', 'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(9)}${command.summary}`)].join('\n') + '\n'
}

// Detail entries whose values are names this program chose (fields, options), never the user's input.
const NAMING_DETAIL = ['field', 'missing', 'reason', 'errno']

/**
 * Where our own error's detail points, without the values it carries: those are the input (a key, a KeyTime, a
 * bucket), and an error message never quotes input.
 */
function detailOf(error: unknown): string {
  const detail = isCosUploaderError(error) ? error.diagnosis.detail : undefined
  if (!detail) return ''
  const parts = Object.entries(detail).map(([name, value]) => (NAMING_DETAIL.includes(name) ? `${name}: ${[value].flat().join(', ')}` : name))
  return parts.length ? ` (check ${parts.join('; ')})` : ''
}

/** One line: the message, and where our own errors point; a failure without a message says what it was. */
function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message || error.name : String(error)
  return (message + detailOf(error)).replace(/\s*\n\s*/g, ' ')
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(help())
    return 0
  }
  const command = commands.find((candidate) => candidate.name === name)
  if (!command) throw new Error(name === undefined ? 'missing command; see --help' : 'the first argument is not a command; see --help')
  if (rest.includes('--help')) {
    process.stdout.write(`cos-uploader ${command.name} ${command.summary}\n`)
    return 0
  }
  try {
    return await command.run(rest)
  } catch (error) {
    throw new Error(`${command.name}: ${oneLine(error)}`)
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code
}, (error: Error) => {
  process.stderr.write(`cos-uploader: ${oneLine(error)}\n`)
  process.exitCode = 1
})
