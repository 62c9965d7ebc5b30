// `cos-uploader <command>` (npm run --silent cli -- <command>): COS signing and diagnosis from the command line.
import { isCosUploaderError } from '../src/lib/node'
import { commands } from './commands'

function help(): string {
  return ['Usage: cos-uploader <command> [options]   (JSON in on stdin, results on stdout)', '', 'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(9)}${command.summary}`)].join('\n') + '\n'
}

/** One line: the message, plus the diagnosis detail for our own errors. */
function oneLine(error: unknown): string {
  const detail = isCosUploaderError(error) && error.diagnosis.detail ? ' ' + JSON.stringify(error.diagnosis.detail) : ''
  return ((error instanceof Error ? error.message : String(error)) + detail).replace(/\s*\n\s*/g, ' ')
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(help())
    return 0
  }
  const command = commands.find((candidate) => candidate.name === name)
  if (!command) throw new Error(name === undefined ? 'missing command; see --help' : `unknown command "${name}"; see --help`)
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
