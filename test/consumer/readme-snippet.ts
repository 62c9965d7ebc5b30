// The README's code blocks, read when the test runs, so that what the README shows is what the tests build.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

export const README = join(__dirname, '..', '..', 'README.md')

/** The first ```<lang> block after the heading `heading` (e.g. '## Use it in a Taro app'). */
export function readmeSnippet(heading: string, lang = 'tsx', readme = readFileSync(README, 'utf8')): string {
  const start = readme.split('\n').findIndex((line) => line.trim() === heading)
  if (start < 0) throw new Error(`README.md has no heading "${heading}"`)
  const rest = readme.split('\n').slice(start + 1).join('\n')
  const block = new RegExp('^```' + lang + '\\n([\\s\\S]*?)^```', 'm').exec(rest)
  const nextHeading = /^#{1,2} /m.exec(rest)
  if (!block || (nextHeading && nextHeading.index < block.index)) throw new Error(`README.md's "${heading}" has no \`\`\`${lang} block`)
  return block[1]
}
