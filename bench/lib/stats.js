// Medians, ratios and alternated runs: this machine is noisy, so the bench reports ratios of medians.

function median(values) {
  if (values.length === 0) throw new Error('median of nothing')
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/** ours / baseline, 3 decimals; undefined when there is no baseline. */
function ratio(ours, baseline) {
  if (typeof ours !== 'number' || typeof baseline !== 'number' || baseline === 0) return undefined
  return Math.round((ours / baseline) * 1000) / 1000
}

/**
 * Runs every contestant once per round, `rounds` times, rotating who goes first so no one always gets the
 * warm (or the cold) slot. `run(name, round)` resolves to one sample; returns { name: samples[] }.
 */
async function alternate(names, rounds, run) {
  const samples = Object.fromEntries(names.map((name) => [name, []]))
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + round) % names.length]
      samples[name].push(await run(name, round))
    }
  }
  return samples
}

module.exports = { alternate, median, ratio }
