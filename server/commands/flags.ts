// The commands' flags: node:util parseArgs, with its errors told by position. Its own messages quote the argument
// ("Unknown option '--secret-keyy'", "Unexpected argument '<secret>'"), and an argument may hold a secret typed
// in the wrong place, so they never reach the screen.
import { parseArgs, type ParseArgsConfig } from 'node:util'

type Options = NonNullable<ParseArgsConfig['options']>

const nameOf = (arg: string) => arg.replace(/^--?/, '').split('=')[0]

/** 1-based position of the first argument parseArgs would refuse, and why, in words that quote none of them. */
function whatIsWrong(argv: string[], options: Options, code: string | undefined): string {
  const known = (arg: string) => Object.entries(options).find(([name, option]) =>
    arg.startsWith('--') ? nameOf(arg) === name : option.short === nameOf(arg))
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--') return `argument ${i + 2} and after: this command takes no positional arguments`
    if (!arg.startsWith('-') || arg === '-') return `argument ${i + 1}: this command takes options only; see --help`
    const option = known(arg)
    if (!option) return `argument ${i + 1} is not an option of this command; see --help`
    const [name, { type }] = option
    const inline = arg.includes('=')
    if (type === 'boolean' && inline) return `--${name} takes no value`
    if (type === 'string' && !inline) {
      if (i + 1 >= argv.length || argv[i + 1].startsWith('-')) return `--${name} needs a value`
      i++
    }
  }
  return `the arguments are not valid for this command (${code ?? 'parse error'}); see --help`
}

/** parseArgs for a command's flags; refuses bad arguments by position, never quoting them. */
export function parseFlags<T extends Options>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false })
  } catch (error) {
    throw new Error(whatIsWrong(argv, options, (error as NodeJS.ErrnoException).code))
  }
}
