// `pnpm bench reporter`: replays synthetic histories with known truth through the built reporter's
// planners and detectors, and measures the reporter on a real Vitest run. Prints figures; asserts nothing.
import { createHash } from 'node:crypto'
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { encodeHistory, fileCostMs, type HistoryRun, parseHistory } from '@dbsafe/core'
import {
  compactHistory,
  DbsafeReporter,
  DbsafeSequencer,
  detectFlaky,
  detectSlowdowns,
  estimateFileCosts,
  type LogicalRun,
  logicalRuns,
  lowerBoundMs,
  planShards,
} from '@dbsafe/vitest-reporter'
import { startVitest, type TestModule } from 'vitest/node'
import { drawRun, gaussian, makeSuite, type SyntheticFile, seeded } from './synthetic-history.ts'

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2
}
const p90 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.ceil(0.9 * xs.length) - 1] as number
const whole = (runs: HistoryRun[]): LogicalRun[] => runs.map((run) => ({ ...run, complete: true }))

/** Vitest's default split: files sorted by sha1 of their path, contiguous equal-count slices. */
function vitestDefaultShards(files: string[], count: number): string[][] {
  const sorted = [...files].sort((a, b) =>
    createHash('sha1').update(a).digest('hex').localeCompare(createHash('sha1').update(b).digest('hex')),
  )
  const base = Math.floor(sorted.length / count)
  const extra = sorted.length % count
  const out: string[][] = []
  let at = 0
  for (let i = 0; i < count; i++) {
    const size = base + (i < extra ? 1 : 0)
    out.push(sorted.slice(at, at + size))
    at += size
  }
  return out
}

/** The dbsafe reporter with every hook timed, so its cost is measured inside the run it reports. */
class TimedReporter extends DbsafeReporter {
  spentMs = 0
  override onTestModuleEnd(module: TestModule): void {
    const t = performance.now()
    super.onTestModuleEnd(module)
    this.spentMs += performance.now() - t
  }
  override async onTestRunEnd(...args: Parameters<DbsafeReporter['onTestRunEnd']>): Promise<void> {
    const t = performance.now()
    await super.onTestRunEnd(...args)
    this.spentMs += performance.now() - t
  }
}

function shardBalance(): void {
  console.log('\n## Shard balance (excess of the slowest shard over max(total/n, longest file))')
  const scenarios = [
    { files: 120, shards: 4, noise: 0.1 },
    { files: 200, shards: 4, noise: 0.15 },
    { files: 400, shards: 8, noise: 0.15 },
    { files: 1000, shards: 16, noise: 0.15 },
  ]
  for (const scenario of scenarios) {
    const ours: number[] = []
    const vitest: number[] = []
    for (let trial = 0; trial < 40; trial++) {
      const random = seeded(1000 + trial)
      const suite = makeSuite(random, {
        fileCount: scenario.files,
        testsPerFile: 8,
        spread: 0.9,
        noise: () => scenario.noise,
      })
      const history = Array.from({ length: 5 }, (_, index) =>
        drawRun(suite, { index, retries: 0, commit: `c${index}` }, random),
      )
      const keys = suite.map((f) => f.file)
      const plan = planShards(estimateFileCosts(keys, whole(history)), scenario.shards)
      const actual = drawRun(suite, { index: 5, retries: 0, commit: 'c5' }, random)
      const cost = new Map(actual.files.map((f) => [f.file, fileCostMs(f)]))
      const bound = lowerBoundMs([...cost.values()], scenario.shards)
      const wall = (shards: string[][]) =>
        Math.max(...shards.map((s) => s.reduce((sum, k) => sum + (cost.get(k) ?? 0), 0)))
      ours.push(wall(plan.shards.map((s) => s.files)) / bound - 1)
      vitest.push(wall(vitestDefaultShards(keys, scenario.shards)) / bound - 1)
    }
    console.log(
      `  ${String(scenario.files).padStart(5)} files / ${String(scenario.shards).padStart(2)} shards, ${pct(scenario.noise)} noise, 5 runs of history: ` +
        `dbsafe median ${pct(median(ours))} (p90 ${pct(p90(ours))})   vitest default median ${pct(median(vitest))} (p90 ${pct(p90(vitest))})`,
    )
  }
}

function flakyDetection(): void {
  console.log(
    '\n## Flaky detection (2,000 tests, 100 runs, 40 flaky at 2–30% per attempt, 30 real breaks, 4 infrastructure failures, 20% re-runs of a commit)',
  )
  for (const retries of [2, 0]) {
    const random = seeded(7 + retries)
    const suite = makeSuite(random, { fileCount: 100, testsPerFile: 20 })
    const tests = suite.flatMap((f) => f.tests.map((t) => ({ file: f.file, test: t })))
    const flaky = new Set<string>()
    for (let i = 0; i < 40; i++) {
      const pick = tests[Math.floor(random() * tests.length)]
      if (!pick) continue
      pick.test.flakeRate = 0.02 + 0.28 * random()
      flaky.add(`${pick.file}\u0000${pick.test.name}`)
    }
    // 20% of runs re-run the previous commit; a real break starts and ends with a commit.
    const commits: number[] = []
    for (let index = 0; index < 100; index++)
      commits.push(index === 0 ? 1 : (commits[index - 1] as number) + (random() > 0.2 ? 1 : 0))
    const boundaries = commits.flatMap((commit, index) =>
      index > 0 && commit !== commits[index - 1] ? [index] : [],
    )
    for (let i = 0; i < 30; i++) {
      const pick = tests[Math.floor(random() * tests.length)]
      const from = Math.floor(random() * (boundaries.length - 8))
      if (!pick || pick.test.flakeRate > 0) continue
      pick.test.brokenFrom = boundaries[from]
      pick.test.brokenTo = boundaries[from + 1 + Math.floor(random() * 6)]
    }
    const runs: HistoryRun[] = []
    for (let index = 0; index < 100; index++) {
      const infra = [17, 41, 66, 90].includes(index) ? 0.6 : undefined
      runs.push(
        drawRun(
          suite,
          { index, retries, commit: `c${commits[index]}`, ...(infra ? { infraFailShare: infra } : {}) },
          random,
        ),
      )
    }
    for (const windowRuns of [100, 30]) {
      const findings = detectFlaky(whole(runs), { windowRuns })
      // Recall counts only flaky tests that failed at least once in the window: the others left no trace.
      const visible = new Set(
        whole(runs.slice(-windowRuns)).flatMap((r) =>
          r.files.flatMap((f) =>
            f.tests
              .filter((t) => t.attempts?.includes('failed') || t.state === 'failed')
              .map((t) => `${f.file}\u0000${t.name}`),
          ),
        ),
      )
      const reachable = [...flaky].filter((key) => visible.has(key)).length
      for (const tier of ['certain', 'suspected', 'either'] as const) {
        const flagged = findings.filter((f) => tier === 'either' || f.tier === tier)
        const truePositives = flagged.filter((f) => flaky.has(`${f.file}\u0000${f.name}`)).length
        const precision = flagged.length ? truePositives / flagged.length : 1
        console.log(
          `  retry ${retries}, window ${String(windowRuns).padStart(3)}, ${tier.padEnd(9)}: flagged ${String(flagged.length).padStart(3)}, precision ${pct(precision)}, ` +
            `recall ${pct(truePositives / flaky.size)} of all flaky, ${pct(truePositives / Math.max(1, reachable))} of those that failed in the window`,
        )
      }
    }
  }
}

function slowdownDetection(): void {
  console.log('\n## Slowdowns (A/A: 10,000 tests × 30 runs, noise 2–30%, runner drift σ 5% per run)')
  const random = seeded(99)
  const suite = makeSuite(random, {
    fileCount: 500,
    testsPerFile: 20,
    medianTestMs: 60,
    noise: () => 0.02 + 0.28 * random() ** 2,
  })
  const draws = (files: SyntheticFile[], n: number) =>
    Array.from({ length: n }, (_, index) =>
      drawRun(
        files,
        { index, retries: 0, commit: `c${index}`, drift: Math.exp(0.05 * gaussian(random)) },
        random,
      ),
    )
  const runs = draws(suite, 30)
  let alarms = 0
  let judged = 0
  let erratic = 0
  for (let end = 23; end <= 30; end++) {
    const findings = detectSlowdowns(whole(runs.slice(0, end)))
    const erraticNow = findings.filter((f) => f.kind === 'erratic').length
    alarms += findings.filter((f) => f.kind === 'slowdown').length
    erratic += erraticNow
    judged += suite.reduce((n, f) => n + f.tests.filter((t) => t.baseMs >= 20).length, 0) - erraticNow
  }
  console.log(
    `  false alarms: ${alarms} of ${judged} test-runs judged = ${((100 * alarms) / judged).toFixed(3)}% (target ≤ 0.1%); ${(erratic / 8).toFixed(0)} tests per run reported erratic`,
  )

  const random2 = seeded(123)
  const suite2 = makeSuite(random2, {
    fileCount: 100,
    testsPerFile: 20,
    medianTestMs: 60,
    noise: () => 0.02 + 0.08 * random2(),
  })
  const targets = suite2
    .flatMap((f) => f.tests)
    .filter((t) => t.baseMs >= 20)
    .slice(0, 400)
  for (const test of targets) {
    test.slowdownFrom = 25
    test.slowdownFactor = 1.5
  }
  const runs2 = Array.from({ length: 28 }, (_, index) =>
    drawRun(
      suite2,
      { index, retries: 0, commit: `c${index}`, drift: Math.exp(0.05 * gaussian(random2)) },
      random2,
    ),
  )
  for (const k of [1, 2, 3]) {
    const found = new Set(
      detectSlowdowns(whole(runs2.slice(0, 25 + k)))
        .filter((f) => f.kind === 'slowdown')
        .map((f) => f.name),
    )
    const caught = targets.filter((t) => found.has(t.name)).length
    console.log(
      `  +50% on ${targets.length} tests with ≤10% noise: caught ${pct(caught / targets.length)} after ${k} slow run${k > 1 ? 's' : ''}`,
    )
  }
  const drifted = runs2
    .slice(0, 25)
    .map((r, i) =>
      i >= 22 ? drawRun(suite2, { index: 0, retries: 0, commit: 'x', drift: 1.3 }, random2) : r,
    )
  const driftAlarms = detectSlowdowns(whole(drifted)).filter((f) => f.kind === 'slowdown').length
  console.log(`  whole suite 30% slower for 3 runs (slower runner): ${driftAlarms} alarms (drift normalised)`)
}

function historySize(): void {
  console.log('\n## History size (10,000 tests × 100 runs)')
  const random = seeded(5)
  const suite = makeSuite(random, { fileCount: 500, testsPerFile: 20 })
  const runs = Array.from({ length: 150 }, (_, index) =>
    drawRun(suite, { index, retries: 0, commit: `c${index}` }, random),
  )
  const kept = compactHistory({ schemaVersion: 1, runs }, { maxRuns: 100, maxAgeDays: 100_000 })
  const started = performance.now()
  const text = JSON.stringify(encodeHistory(kept))
  const encodeMs = performance.now() - started
  const parseStart = performance.now()
  parseHistory(JSON.parse(text))
  const parseMs = performance.now() - parseStart
  const analysisStart = performance.now()
  const whole100 = logicalRuns(kept)
  detectFlaky(whole100)
  detectSlowdowns(whole100)
  const analysisMs = performance.now() - analysisStart
  console.log(
    `  150 runs recorded, ${kept.runs.length} kept by retention (maxRuns 100): ${(text.length / 1e6).toFixed(1)} MB ` +
      `(${(text.length / (kept.runs.length * 10_000)).toFixed(1)} bytes per result); encode ${encodeMs.toFixed(0)} ms, read ${parseMs.toFixed(0)} ms, flaky + slowdown analysis ${analysisMs.toFixed(0)} ms`,
  )
}

async function reporterOverhead(): Promise<void> {
  console.log(
    '\n## Reporter overhead on a real Vitest run (47 files, 1,013 tests, 2 workers; every hook timed in-process)',
  )
  const scratch = fileURLToPath(new URL('../.tmp', import.meta.url))
  mkdirSync(scratch, { recursive: true })
  const root = mkdtempSync(join(scratch, 'bench-'))
  cpSync(fileURLToPath(new URL('../test/fixtures/suite', import.meta.url)), root, { recursive: true })
  for (let f = 0; f < 40; f++) {
    const body = Array.from(
      { length: 25 },
      (_, t) =>
        `test('case ${t}', async () => { await new Promise((r) => setTimeout(r, ${(f * 7 + t * 3) % 20})); expect(${t}).toBe(${t}) })`,
    )
    writeFileSync(
      join(root, `tests/gen-${f}.test.ts`),
      `import { expect, test } from 'vitest'\n${body.join('\n')}\n`,
    )
  }
  const sink = new Writable({ write: (_c, _e, done) => done() })
  const figures: string[] = []
  for (let i = 0; i < 3; i++) {
    const reporter = new TimedReporter({ env: { DBSAFE_RUN_ID: `bench-${i}` } })
    const t0 = performance.now()
    const vitest = await startVitest(
      'test',
      [],
      {
        root,
        config: false,
        watch: false,
        include: ['tests/**/*.test.ts'],
        maxWorkers: 2,
        reporters: [reporter],
        sequence: { sequencer: DbsafeSequencer },
      },
      {},
      { stdout: sink, stderr: sink },
    )
    await vitest.close()
    const wall = performance.now() - t0
    figures.push(
      `${reporter.spentMs.toFixed(0)} ms of ${wall.toFixed(0)} ms (${pct(reporter.spentMs / wall)})`,
    )
  }
  console.log(
    `  reporter time per run (record, history write, analysis, summary, HTML): ${figures.join('; ')}  (target ≤ 2%)`,
  )
  rmSync(root, { recursive: true, force: true })
}

async function exampleOverhead(): Promise<void> {
  const root = fileURLToPath(new URL('../../../examples/bookshop', import.meta.url))
  console.log('\n## Reporter overhead on the example suite (examples/bookshop with the dbsafe pool)')
  const sink = new Writable({ write: (_c, _e, done) => done() })
  const figures: string[] = []
  for (let i = 0; i < 2; i++) {
    const reporter = new TimedReporter({
      env: { DBSAFE_RUN_ID: `bench-example-${i}` },
      history: { file: '.vitest/dbsafe/bench-history.json' },
    })
    const t0 = performance.now()
    const vitest = await startVitest(
      'test',
      [],
      { root, watch: false, reporters: [reporter] },
      {},
      { stdout: sink, stderr: sink },
    )
    await vitest.close()
    const wall = performance.now() - t0
    figures.push(
      `${reporter.spentMs.toFixed(0)} ms of ${wall.toFixed(0)} ms (${pct(reporter.spentMs / wall)})`,
    )
  }
  console.log(`  reporter time per run: ${figures.join('; ')}  (target ≤ 2%)`)
}

const only = process.argv[2]
if (!only || only === 'shards') shardBalance()
if (!only || only === 'flaky') flakyDetection()
if (!only || only === 'slowdowns') slowdownDetection()
if (!only || only === 'size') historySize()
if (!only || only === 'overhead') await reporterOverhead()
if (!only || only === 'example') await exampleOverhead()
