// The CLI's command table. To add a command, write it in its own file and add one line below.
import { doctor } from './doctor'
import { emulator } from './emulator'
import { explain } from './explain'
import { policy } from './policy'
import { sign } from './sign'
import { sts } from './sts'

export interface Command {
  name: string
  /** One line for --help. */
  summary: string
  /** Resolves with the exit code; a thrown error is printed as one line on stderr (exit 1). */
  run(argv: string[]): Promise<number>
}

export const commands: Command[] = [
  sign,
  policy,
  explain,
  doctor,
  emulator,
  sts,
]
