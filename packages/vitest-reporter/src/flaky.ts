import type { LogicalRun } from './logical-runs'
import { failureShare, type SeriesPoint, type TestSeries, testSeries } from './test-series'

/** Options of flaky-test detection. */
export interface FlakyOptions {
  /** Runs where more than this share of executed tests failed are treated as infrastructure failures and ignored. @default 0.3 */
  infraFailureShare?: number
  /** Number of recent whole runs the suspected tier looks at. @default 30 */
  windowRuns?: number
  /** Flip rate (pass↔fail transitions per consecutive pair in the window) at which a test becomes suspected. @default 0.15 */
  flagFlipRate?: number
  /** Flip rate at or below which a suspected test is cleared again (hysteresis). @default 0.05 */
  clearFlipRate?: number
  /** Results a test needs in the window before the suspected tier judges it. @default 10 */
  minSamples?: number
}

/** The defaults of {@link FlakyOptions}. */
export const DEFAULT_FLAKY_OPTIONS: Required<FlakyOptions> = {
  infraFailureShare: 0.3,
  windowRuns: 30,
  flagFlipRate: 0.15,
  clearFlipRate: 0.05,
  minSamples: 10,
}

/** A flaky test and why. */
export interface FlakyFinding {
  key: string
  project: string
  file: string
  name: string
  /** `certain`: passed on retry, or passed and failed on the same commit. `suspected`: flip rate over the window. */
  tier: 'certain' | 'suspected'
  /** One line a person can check. */
  evidence: string
  /** Whether the latest run produced the evidence (a new flaky test for this run's summary). */
  isNew: boolean
  /** Flip rate over the window. */
  flipRate: number
  /** Runs in the window where the test failed, on its final state or on any attempt. */
  failures: number
  /** Passed or failed results in the window. */
  samples: number
  /** Share of runs in the window with a failure, and its 90% Wilson interval: how often it costs a retry or a red build. */
  failureRate: { estimate: number; low: number; high: number }
}

/** The 90% Wilson score interval of `k` successes in `n` trials. */
function wilsonInterval(k: number, n: number): { estimate: number; low: number; high: number } {
  if (n === 0) return { estimate: 0, low: 0, high: 1 }
  const z = 1.645
  const p = k / n
  const denominator = 1 + (z * z) / n
  const center = (p + (z * z) / (2 * n)) / denominator
  const margin = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denominator
  return { estimate: p, low: Math.max(0, center - margin), high: Math.min(1, center + margin) }
}

const pct = (x: number): string => `${Math.round(x * 100)}%`

function retryEvidence(point: SeriesPoint): boolean {
  return point.state === 'passed' && (point.retries > 0 || (point.attempts?.includes('failed') ?? false))
}

/**
 * Which transitions count as flips: every pass↔fail change, except the two edges of a failure streak of
 * `BREAK_STREAK` or more results in a row, which is a real break (and its fix), not flakiness.
 */
const BREAK_STREAK = 3

function countedFlips(outcomes: readonly boolean[]): boolean[] {
  const counted = outcomes.map((ok, i) => i > 0 && ok !== outcomes[i - 1])
  let start = -1
  for (let i = 0; i <= outcomes.length; i++) {
    const failed = i < outcomes.length && !outcomes[i]
    if (failed && start < 0) start = i
    if (!failed && start >= 0) {
      if (i - start >= BREAK_STREAK) {
        counted[start] = false
        if (i < outcomes.length) counted[i] = false
      }
      start = -1
    }
  }
  return counted
}

function flipRateAt(flips: readonly boolean[], end: number, window: number): number {
  const start = Math.max(0, end - window)
  let count = 0
  for (let i = start + 1; i < end; i++) if (flips[i]) count++
  return end - start > 1 ? count / (end - start - 1) : 0
}

function judge(
  series: TestSeries,
  runs: readonly LogicalRun[],
  infra: ReadonlySet<number>,
  latest: number,
  options: Required<FlakyOptions>,
): FlakyFinding | undefined {
  const first = Math.max(0, runs.length - options.windowRuns)
  const points = series.points.filter((p) => !infra.has(p.run) && p.state !== 'skipped')
  // Most tests never failed: nothing to judge.
  if (!points.some((p) => p.state === 'failed' || p.retries > 0)) return undefined
  const windowed = points.filter((p) => p.run >= first)
  const flips = countedFlips(points.map((p) => p.state === 'passed'))
  const failures = windowed.filter((p) => p.state === 'failed' || p.attempts?.includes('failed')).length
  const failureRate = wilsonInterval(failures, windowed.length)
  const rate = `fails in ${pct(failureRate.estimate)} of runs (90%: ${pct(failureRate.low)}–${pct(failureRate.high)})`
  const base = { key: series.key, project: series.project, file: series.file, name: series.name }
  const flipRate = flipRateAt(flips, flips.length, options.windowRuns)
  const stats = { flipRate, failures, samples: windowed.length, failureRate }

  const retried = windowed.filter(retryEvidence)
  if (retried.length > 0) {
    const last = retried[retried.length - 1] as SeriesPoint
    const attempts = last.attempts?.join(' → ') ?? `${last.retries} retries`
    return {
      ...base,
      ...stats,
      tier: 'certain',
      evidence: `passed on retry in ${retried.length} of the last ${runs.length - first} runs (latest: ${attempts}); ${rate}`,
      isNew: last.run === latest,
    }
  }
  const byCommit = new Map<string, SeriesPoint[]>()
  for (const point of windowed) {
    const commit = runs[point.run]?.commit
    if (!commit) continue
    const list = byCommit.get(commit)
    if (list) list.push(point)
    else byCommit.set(commit, [point])
  }
  for (const [commit, list] of byCommit) {
    if (list.some((p) => p.state === 'passed') && list.some((p) => p.state === 'failed')) {
      return {
        ...base,
        ...stats,
        tier: 'certain',
        evidence: `passed and failed on the same commit ${commit.slice(0, 10)} (${list.length} runs); ${rate}`,
        isNew: list.some((p) => p.run === latest),
      }
    }
  }
  if (windowed.length < options.minSamples) return undefined
  // Replay the hysteresis over the recent results: flag at flagFlipRate, clear at clearFlipRate.
  let flagged = false
  let flaggedAt = -1
  const from = Math.max(options.minSamples, flips.length - options.windowRuns)
  for (let end = from; end <= flips.length; end++) {
    const rate = flipRateAt(flips, end, options.windowRuns)
    if (!flagged && rate >= options.flagFlipRate) {
      flagged = true
      flaggedAt = end
    } else if (flagged && rate <= options.clearFlipRate) flagged = false
  }
  if (!flagged) return undefined
  return {
    ...base,
    ...stats,
    tier: 'suspected',
    evidence: `flip rate ${pct(flipRate)} over ${windowed.length} runs; ${rate}; no same-commit proof yet`,
    isNew: flaggedAt === flips.length && points[points.length - 1]?.run === latest,
  }
}

/**
 * Finds flaky tests in whole runs (oldest first), in two tiers. Runs where a large share of tests failed are
 * left out as infrastructure failures. Certain findings come first, then suspected, each by failures.
 */
export function detectFlaky(runs: readonly LogicalRun[], options: FlakyOptions = {}): FlakyFinding[] {
  const settings = { ...DEFAULT_FLAKY_OPTIONS, ...options }
  // The suspected tier replays windows that end inside the last window, so it looks back two windows.
  const recent = runs.slice(Math.max(0, runs.length - 2 * settings.windowRuns))
  const infra = new Set<number>()
  recent.forEach((run, index) => {
    if (failureShare(run) > settings.infraFailureShare) infra.add(index)
  })
  const findings: FlakyFinding[] = []
  for (const series of testSeries(recent).values()) {
    const finding = judge(series, recent, infra, recent.length - 1, settings)
    if (finding) findings.push(finding)
  }
  return findings.sort(
    (a, b) =>
      (a.tier === b.tier ? 0 : a.tier === 'certain' ? -1 : 1) ||
      b.failures - a.failures ||
      a.key.localeCompare(b.key),
  )
}
