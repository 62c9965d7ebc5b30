// The render measurement runs in the component tests' jsdom setup (same transforms, Taro mappings and globals),
// from bench files only: it is never part of `npm test`.
const path = require('node:path')
const { projects } = require('../../jest.config')

const component = projects.find((project) => project.displayName === 'component')

module.exports = {
  ...component,
  displayName: 'bench-render',
  rootDir: path.join(__dirname, '..', '..'),
  testMatch: ['<rootDir>/bench/render/*.bench.tsx'],
}
