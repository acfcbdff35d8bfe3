// run.js times bayesjs's all-marginals inference (inferAll, junction tree)
// on one network in bayesjs JSON (written by `go run ./bench/bn/bayesjs`),
// the peer side of compare.sh.
//
// bayesjs is not a dependency of Entente: install it outside the
// repository and point NODE_PATH at it,
//
//   mkdir -p /tmp/bayesjs && cd /tmp/bayesjs && npm init -y && npm install bayesjs@0.6.5
//   NODE_PATH=/tmp/bayesjs/node_modules node bench/bn/bayesjs/run.js alarm.json [runs] [marginals.json]
//
// Each run calls inferAll(network, {}, {force: true, precision: Infinity}):
// force deep-clones the network so bayesjs's WeakMap caches miss and every
// run builds the junction tree afresh (Entente's side is likewise compile
// plus all marginals), and precision Infinity turns off bayesjs's default
// rounding of results to 8 digits. One network per process, so that the
// caller can bound it with timeout(1); runs after the first stop once the
// next one would take the total past BUDGET_MS (default 60000), so a slow
// network gives fewer runs rather than a timeout. Prints one line of JSON:
// the number of runs and their median and minimum in milliseconds. With a third argument it also writes
// the marginals of the last run there, for `go run ./bench/bn/bayesjs
// -check`.
'use strict'

const fs = require('fs')
const { inferAll } = require('bayesjs')

const [file, runsArg, marginalsOut] = process.argv.slice(2)
if (!file) {
  console.error('usage: node run.js network.json [runs] [marginals.json]')
  process.exit(2)
}
const runs = Number(runsArg || 5)
const network = JSON.parse(fs.readFileSync(file, 'utf8'))

const budget = Number(process.env.BUDGET_MS || 60000)
const times = []
let result
let total = 0
for (let i = 0; i < runs; i++) {
  if (i > 0 && total + times[times.length - 1] > budget) {
    break
  }
  const t0 = process.hrtime.bigint()
  result = inferAll(network, {}, { force: true, precision: Infinity })
  times.push(Number(process.hrtime.bigint() - t0) / 1e6)
  total += times[times.length - 1]
}
const sorted = [...times].sort((a, b) => a - b)
const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2]
  : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2
if (marginalsOut) {
  fs.writeFileSync(marginalsOut, JSON.stringify(result))
}
console.log(JSON.stringify({ file, runs: times.length, median_ms: median, min_ms: sorted[0] }))
