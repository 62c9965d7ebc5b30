// The two adapters tree-shake apart: a Taro app's bundle carries nothing of the uni adapter, even where both are
// imported, and the uni side never imports Taro (a uni-app has no @tarojs/taro to resolve).
import { build } from 'esbuild'
import * as path from 'node:path'

jest.setTimeout(30_000)

async function bundle(contents: string): Promise<string> {
  const result = await build({
    stdin: { contents, resolveDir: path.join(__dirname, '../../..'), loader: 'ts' }, bundle: true, write: false, format: 'esm',
    platform: 'browser', external: ['react', 'react-dom', 'react/jsx-runtime', '@tarojs/*', 'crypto'], logLevel: 'error',
  })
  return result.outputFiles[0].text
}

// What each adapter leaves in a bundle: uni's platform names and its runtime's field; Taro's import.
const UNI = /mp-weixin|uniPlatform/
const TARO = /from "@tarojs\/taro"/

it('the library\'s entry (a Taro app) has the Taro adapter and nothing of the uni adapter', async () => {
  const code = await bundle("export * from './src/lib'")
  expect(code).toMatch(TARO)
  expect(code).not.toMatch(UNI)
})

it('importing both adapters and using the Taro one keeps only Taro', async () => {
  const code = await bundle("import { createTaroHost } from './src/lib/hosts/taro'\nimport { createUniHost } from './src/lib/hosts/uni'\nexport { createTaroHost }")
  expect(code).toMatch(TARO)
  expect(code).not.toMatch(UNI)
})

it('the uni side (the host layer and createUniHost) never imports Taro', async () => {
  const code = await bundle("export * from './src/lib/hosts'\nexport { createUniHost } from './src/lib/hosts/uni'")
  expect(code).toMatch(UNI)
  expect(code).not.toMatch(TARO)
})
