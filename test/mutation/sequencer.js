// Jest runs the slowest test files first, by its timing cache. For a mutant, the sooner a failing test runs the
// sooner Stryker stops (it bails on the first failure), so here the quick example-based files go first and the
// fuzz and property files, which sign hundreds of requests, last.
const Sequencer = require('@jest/test-sequencer').default

const SLOW = /\/(fuzz\/|[^/]*(propert|Budget|oracle)[^/]*\.test\.ts$)/

class QuickFirst extends Sequencer {
  sort(tests) {
    return [...tests].sort((a, b) => Number(SLOW.test(a.path)) - Number(SLOW.test(b.path)) || a.path.localeCompare(b.path))
  }
}

module.exports = QuickFirst
