// Bad input to a tool (the CLI, the services): the tool's own words, in both languages. Library code uses its
// layer's table (core/messages.ts, hosts/texts.ts, ui/texts.ts, node/texts.ts) instead; a tool's texts never ship to a device.
import { InvalidInputError } from '../core/errors'

export function toolInputError(code: string, zh: string, en: string, detail?: Record<string, unknown>): InvalidInputError {
  return new InvalidInputError({ code, message: { 'zh-CN': zh, en }, retryable: false, detail })
}
