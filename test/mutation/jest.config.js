// Jest for StrykerJS (`npm run mutation`): the node project of jest.config.js, narrowed to the tests that exercise
// the mutated files (signing, the POST policy, credentials, the upload engine), so a run takes minutes. The
// integration tests against the emulator stay in `npm test`: each of them starts servers, per mutant here.
const path = require('node:path')
const { projects } = require('../../jest.config')

const node = projects.find((project) => project.displayName === 'node')

module.exports = {
  ...node,
  rootDir: path.join(__dirname, '..', '..'),
  // Stryker runs a sandbox copy whose node_modules links to this one, outside <rootDir>: no package is transformed
  // (the node tests import no ESM-only package).
  transformIgnorePatterns: ['/node_modules/'],
  testSequencer: path.join(__dirname, 'sequencer.js'),
  testMatch: [
    '<rootDir>/test/unit/core/{sign,policy,oracle,oracle-sdks,objectUrl,credentials,credentials-properties,diagnose}.test.ts',
    '<rootDir>/test/unit/{upload,fuzz}/**/*.test.ts',
  ],
}
