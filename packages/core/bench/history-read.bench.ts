// `pnpm bench history-read [--mb 33] [--rounds 7]`
// What reading a big history costs a run: the sequencer (order, shards) and the pool (measured connections) plan
// from the history file at start-up, and the reporter reads it again to append the run at the end. Before, each
// read and parsed it on its own (the sequencer also hashed the text); now all three go through
// readPlanningHistory, which parses a file version once per process (and hashes only for a shard plan).
// Generates a history of about --mb megabytes (runs of 200 files × 20 tests with connection metrics), then times
// both ways in interleaved rounds (the file is touched before each, so the cache starts cold) and prints medians
// and the per-round ratio. Asserts nothing.
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import {
  emptyHistory,
  encodeHistory,
  type HistoryRun,
  parseHistory,
  parseHistoryText,
  readPlanningHistory,
} from '@dbsafe/core'

const { values } = parseArgs({
  options: { mb: { type: 'string', default: '33' }, rounds: { type: 'string', default: '7' } },
})
const TARGET_BYTES = Number(values.mb) * 1024 * 1024
const ROUNDS = Number(values.rounds)

function generatedRun(index: number): HistoryRun {
  return {
    runId: `run-${index}`,
    attempt: 1,
    merged: false,
    startedAt: new Date(Date.now() - index * 60_000).toISOString(),
    wallMs: 60_000,
    reporterMs: 5,
    defaultBranch: true,
    ci: 'github',
    nodeVersion: 'v24.0.0',
    vitestVersion: '5.1.1',
    workers: 4,
    status: 'passed',
    files: Array.from({ length: 200 }, (_, f) => ({
      project: '',
      file: `tests/module-${f}/feature-${f}.test.ts`,
      state: 'passed' as const,
      environmentMs: 1,
      prepareMs: 12,
      collectMs: 40,
      setupMs: 3,
      runMs: 250 + ((f * 37 + index) % 400),
      level: 'isolated-writes' as const,
      isolation: 'transaction-rollback' as const,
      connections: { queries: 40, queryMs: 120, maxConnectionsHeld: 1 + (f % 5), poolCheckouts: 12 } as never,
      tests: Array.from({ length: 20 }, (_, t) => ({
        name: `feature ${f} behaves in case ${t} of the spec`,
        state: 'passed' as const,
        durationMs: 5 + ((t * 13 + index) % 50),
        retries: 0,
      })),
    })),
  }
}

const dir = mkdtempSync(join(tmpdir(), 'dbsafe-history-read-'))
const path = join(dir, 'history.json')
const runs: HistoryRun[] = []
let text = ''
do {
  for (let i = 0; i < 10; i++) runs.push(generatedRun(runs.length))
  text = JSON.stringify(encodeHistory({ ...emptyHistory(), runs }))
} while (text.length < TARGET_BYTES)
writeFileSync(path, text)
console.log(`history: ${runs.length} runs, ${(statSync(path).size / 1024 / 1024).toFixed(1)} MB`)

/** Before: the sequencer read, parsed and hashed the file; the pool read and parsed it; so did the reporter's append. */
function thrice(): void {
  const sequencerText = readFileSync(path, 'utf8')
  parseHistoryText(sequencerText, path)
  createHash('sha256').update(sequencerText).digest('hex')
  parseHistory(JSON.parse(readFileSync(path, 'utf8')))
  parseHistoryText(readFileSync(path, 'utf8'), path)
}

/** Now: all three ask readPlanningHistory; the later ones find the first's parse. */
function once(): void {
  for (let i = 0; i < 3; i++) readPlanningHistory(path)
}

let bump = 0
function timed(work: () => void): number {
  // A new mtime: readPlanningHistory's cache starts cold, as in a new process.
  const at = new Date(Date.now() + ++bump * 1000)
  utimesSync(path, at, at)
  const started = performance.now()
  work()
  return performance.now() - started
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number
timed(thrice)
timed(once)
const before: number[] = []
const after: number[] = []
for (let round = 0; round < ROUNDS; round++) {
  if (round % 2) {
    after.push(timed(once))
    before.push(timed(thrice))
  } else {
    before.push(timed(thrice))
    after.push(timed(once))
  }
}
const ratios = after.map((ms, i) => ms / (before[i] as number))
console.log(
  `history reads of a run: before (three parses) ${median(before).toFixed(0)} ms, now (one) ${median(after).toFixed(0)} ms; ` +
    `×${median(ratios).toFixed(2)} (per round: ${ratios.map((r) => r.toFixed(2)).join(' ')})`,
)
rmSync(dir, { recursive: true, force: true })
