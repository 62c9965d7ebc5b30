// Projects: node-side tests (core, server, CLI, integration against the emulator, soak),
// component tests in jsdom, the weapp build under miniprogram-simulate, Chromium e2e, and user apps with the
// packed tarball installed (test/consumer; their builds live in the fixture cache, outside this repository).
const fs = require('node:fs')
const path = require('node:path')
const { cacheRoot } = require('./scripts/fixture-app')
const ESM_DEPS = ['@tarojs', '@stencil', 'lodash-es', 'query-string', 'decode-uri-component', 'filter-obj',
  'split-on-first', 'is-mobile', 'swiper', 'dom7', 'ssr-window', 'classnames', 'hls.js', 'resolve-pathname',
  'history', 'nanoid']

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
// Where the packages really are: a git worktree may link node_modules to a checkout's, and jest sees real paths
// (its runner, jest-runner, is transpiled unless this pattern ignores it).
const modulesPath = path.join(__dirname, 'node_modules')
const modulesDir = escapeRegExp(fs.existsSync(modulesPath) ? fs.realpathSync(modulesPath) : modulesPath)

const shared = {
  transform: { '^.+\\.m?[jt]sx?$': 'babel-jest', '^.+\\.vue$': '<rootDir>/test/support/vue-jest.js' },
  moduleFileExtensions: ['js', 'mjs', 'cjs', 'jsx', 'ts', 'tsx', 'json', 'node', 'vue'],
  transformIgnorePatterns: [`${modulesDir}/(?!(${ESM_DEPS.join('|')})/)`, '<rootDir>/dist/', '<rootDir>/pkg/'],
  moduleNameMapper: {
    '^@tarojs/components$': '@tarojs/components/lib/react',
    '^@tarojs/taro$': '<rootDir>/test/support/taro-h5.js',
    '^@/(.*)$': '<rootDir>/src/$1',
    // The SFC imports its entry by the package's name, as it does from node_modules.
    '^taro-cos-uploader/uni$': '<rootDir>/src/lib/uni/index.ts',
    '\\.(css|less|scss|sass)$': '<rootDir>/test/support/style-mock.js',
  },
  // A StrykerJS sandbox (`npm run mutation`) copies the repository there while it runs.
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/pkg/', '<rootDir>/.stryker-tmp/'],
  setupFiles: ['<rootDir>/test/support/locale-en.ts'],
}

module.exports = {
  projects: [
    { ...shared, displayName: 'node', testEnvironment: 'node',
      testMatch: ['<rootDir>/test/{unit,integration,cli,server}/**/*.test.{ts,tsx,js}'] },
    { ...shared, displayName: 'component', testEnvironment: 'jsdom',
      testEnvironmentOptions: { url: 'http://localhost/' },
      setupFiles: [...shared.setupFiles, '<rootDir>/test/support/taro-globals.js'],
      testMatch: ['<rootDir>/test/{component,hosts}/**/*.test.{ts,tsx,js}'] },
    { ...shared, displayName: 'mini', testEnvironment: 'node',
      testMatch: ['<rootDir>/test/mini/**/*.test.{ts,tsx,js}'] },
    { ...shared, displayName: 'e2e', testEnvironment: 'node',
      testMatch: ['<rootDir>/test/e2e/**/*.test.{ts,tsx,js}'] },
    { ...shared, displayName: 'consumer', testEnvironment: 'node',
      testMatch: ['<rootDir>/test/consumer/*.test.{ts,tsx,js}'],
      transformIgnorePatterns: [...shared.transformIgnorePatterns, escapeRegExp(cacheRoot())] },
  ],
}
