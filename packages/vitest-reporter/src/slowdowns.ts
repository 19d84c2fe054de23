import type { LogicalRun } from './logical-runs'
import { median, robustSpread } from './stats'
import { testSeries } from './test-series'

/** Options of slowdown detection. */
export interface SlowdownOptions {
  /** Baseline results (before the recent ones) a test needs before it is judged. @default 8 */
  minSamples?: number
  /** Most baseline results used: the runs just before the recent ones. @default 20 */
  baselineRuns?: number
  /** Recent runs that must all be slow: a slowdown is reported only when sustained. @default 3 */
  sustainRuns?: number
  /** Smallest slowdown reported, as a ratio over the baseline median (0.2 = 20% slower). @default 0.2 */
  minSlowdownRatio?: number
  /** Tests whose baseline median is below this many milliseconds are too quick to time and are not judged. @default 20 */
  minDurationMs?: number
  /** Tests whose run-to-run spread (robust coefficient of variation) exceeds this are reported as erratic instead. @default 0.25 */
  erraticSpread?: number
  /** How many robust standard errors the mean of the recent runs must exceed the baseline by. @default 5 */
  thresholdSigmas?: number
}

/** The defaults of {@link SlowdownOptions}. */
export const DEFAULT_SLOWDOWN_OPTIONS: Required<SlowdownOptions> = {
  minSamples: 8,
  baselineRuns: 20,
  sustainRuns: 3,
  minSlowdownRatio: 0.2,
  minDurationMs: 20,
  erraticSpread: 0.25,
  thresholdSigmas: 5,
}

/** A test that got slower, or whose duration is too noisy to judge. */
export interface SlowdownFinding {
  key: string
  project: string
  file: string
  name: string
  kind: 'slowdown' | 'erratic'
  /** Median milliseconds of the baseline runs (before drift normalisation). */
  baselineMs: number
  /** Median milliseconds of the recent runs (before drift normalisation). */
  recentMs: number
  /** Recent over baseline after removing suite-wide drift (1.5 = 50% slower). */
  ratio: number
  /** Robust coefficient of variation of the baseline. */
  spread: number
  /** Baseline results used. */
  samples: number
}

/**
 * Suite-wide drift of each run: the median, over tests, of how far each test's log-duration sits from
 * that test's own median. A runner that is 30% slower for everything gives every run-level factor 1.3.
 */
function runDrift(runCount: number, logs: Map<string, Map<number, number>>): number[] {
  const deviations: number[][] = Array.from({ length: runCount }, () => [])
  for (const byRun of logs.values()) {
    if (byRun.size < 3) continue
    const center = median([...byRun.values()])
    for (const [run, value] of byRun) deviations[run]?.push(value - center)
  }
  return deviations.map((list) => (list.length >= 5 ? median(list) : 0))
}

/**
 * Finds sustained slowdowns in whole runs (oldest first), comparing runs of the same branch kind as the
 * latest run (default branch or not). Durations are normalised for suite-wide drift; the baseline is the
 * median and robust spread of the runs before the recent ones. A slowdown needs every recent run above the
 * baseline by one spread and the recent mean above it by `thresholdSigmas` standard errors and by
 * `minSlowdownRatio`.
 */
export function detectSlowdowns(
  runs: readonly LogicalRun[],
  options: SlowdownOptions = {},
): SlowdownFinding[] {
  const settings = { ...DEFAULT_SLOWDOWN_OPTIONS, ...options }
  const latest = runs[runs.length - 1]
  if (!latest) return []
  const sameKind = runs.filter((run) => run.defaultBranch === latest.defaultBranch)
  const window = sameKind.slice(-(settings.baselineRuns + settings.sustainRuns))
  const series = testSeries(window)
  const logs = new Map<string, Map<number, number>>()
  for (const entry of series.values()) {
    const byRun = new Map<number, number>()
    for (const point of entry.points) {
      if (point.state === 'passed' && point.durationMs > 0) byRun.set(point.run, Math.log(point.durationMs))
    }
    logs.set(entry.key, byRun)
  }
  const drift = runDrift(window.length, logs)
  const recentFrom = window.length - settings.sustainRuns
  const findings: SlowdownFinding[] = []
  for (const entry of series.values()) {
    const byRun = logs.get(entry.key) as Map<number, number>
    const baseline: number[] = []
    const recent: number[] = []
    const rawBase: number[] = []
    const rawRecent: number[] = []
    for (const [run, value] of byRun) {
      const normalised = value - (drift[run] ?? 0)
      if (run >= recentFrom) {
        recent.push(normalised)
        rawRecent.push(Math.exp(value))
      } else {
        baseline.push(normalised)
        rawBase.push(Math.exp(value))
      }
    }
    if (baseline.length < settings.minSamples || recent.length < settings.sustainRuns) continue
    const baselineMs = median(rawBase)
    if (baselineMs < settings.minDurationMs) continue
    const center = median(baseline)
    const spread = Math.max(robustSpread(baseline), 0.02)
    const base = { key: entry.key, project: entry.project, file: entry.file, name: entry.name }
    const mean = recent.reduce((sum, value) => sum + value, 0) / recent.length
    const ratio = Math.exp(mean - center)
    const summary = { baselineMs, recentMs: median(rawRecent), ratio, spread, samples: baseline.length }
    if (spread > settings.erraticSpread) {
      findings.push({ ...base, ...summary, kind: 'erratic' })
      continue
    }
    const threshold = Math.max(
      (settings.thresholdSigmas * spread) / Math.sqrt(recent.length),
      Math.log1p(settings.minSlowdownRatio),
    )
    const sustained = recent.every((value) => value > center + spread)
    if (sustained && mean - center > threshold) findings.push({ ...base, ...summary, kind: 'slowdown' })
  }
  return findings.sort(
    (a, b) =>
      (a.kind === b.kind ? 0 : a.kind === 'slowdown' ? -1 : 1) ||
      b.ratio - a.ratio ||
      a.key.localeCompare(b.key),
  )
}
