// Debian's Chromium driven by playwright-core, with the flags this machine needs and a fresh profile each launch.
import { promises as fs } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext } from 'playwright-core'

export const CHROMIUM_PATH = '/usr/bin/chromium'
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync']

export interface LaunchedChromium {
  context: BrowserContext
  close(): Promise<void>
}

type ContextOptions = Parameters<typeof chromium.launchPersistentContext>[1]

export async function launchChromium(options: ContextOptions = {}): Promise<LaunchedChromium> {
  const profileDir = await fs.mkdtemp(join(tmpdir(), 'chromium-profile-'))
  const context = await chromium.launchPersistentContext(profileDir, {
    ...options, executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true,
  })
  return {
    context,
    async close() {
      await context.close()
      await fs.rm(profileDir, { recursive: true, force: true })
    },
  }
}
