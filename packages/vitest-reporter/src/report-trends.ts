import { fileCostMs, type HistoryTest, historyFileKey } from '@dbsafe/core'
import type { LogicalRun } from './logical-runs'
import type { SparkPoint, StripCell } from './sparkline'
import { median } from './stats'

/** Runs a sparkline or evidence strip shows: the latest ones. */
export const TREND_RUNS = 20

/** The tooltip name of a run: `run 12 · 2026-03-01 14:02 · 3f9c0a1 · main`. */
export function runLabel(run: LogicalRun, index: number): string {
  const when = run.startedAt.slice(0, 16).replace('T', ' ')
  return [`run ${index + 1}`, when, run.commit?.slice(0, 7), run.branch].filter(Boolean).join(' · ')
}

/** The cost of every file over the last `count` runs, by file key, oldest first. */
export function fileTrends(runs: readonly LogicalRun[], count = TREND_RUNS): Map<string, SparkPoint[]> {
  const first = Math.max(0, runs.length - count)
  const recent = runs.slice(first)
  const trends = new Map<string, SparkPoint[]>()
  recent.forEach((run, offset) => {
    for (const file of run.files) {
      const key = historyFileKey(file.project, file.file)
      let points = trends.get(key)
      if (!points) {
        points = recent.map((r, i) => ({ value: undefined, label: runLabel(r, first + i) }))
        trends.set(key, points)
      }
      ;(points[offset] as SparkPoint).value = fileCostMs(file)
    }
  })
  return trends
}

/** The latest value over the median of the earlier ones, minus one (`0.35` = 35% slower); absent without history. */
export function changeOverMedian(points: readonly SparkPoint[]): number | undefined {
  const values = points.map((point) => point.value)
  const latest = values[values.length - 1]
  const earlier = values.slice(0, -1).filter((value): value is number => value !== undefined)
  if (latest === undefined || earlier.length === 0) return undefined
  const center = median(earlier)
  return center > 0 ? latest / center - 1 : undefined
}

/** The record of one test (project, file, full name) in each of the last `count` runs, with the run's label. */
function testInRecentRuns(
  runs: readonly LogicalRun[],
  test: { project: string; file: string; name: string },
  count: number,
): { label: string; record: HistoryTest | undefined }[] {
  const first = Math.max(0, runs.length - count)
  return runs.slice(first).map((run, offset) => ({
    label: runLabel(run, first + offset),
    record: run.files
      .find((f) => f.project === test.project && f.file === test.file)
      ?.tests.find((t) => t.name === test.name),
  }))
}

/** The duration of one test over the last `count` runs, oldest first (gaps where it did not pass). */
export function testTrend(
  runs: readonly LogicalRun[],
  test: { project: string; file: string; name: string },
  count = TREND_RUNS,
): SparkPoint[] {
  return testInRecentRuns(runs, test, count).map(({ label, record }) => ({
    value: record?.state === 'passed' ? record.durationMs : undefined,
    label,
  }))
}

/** How one test did in each of the last `count` runs, for a flaky test's evidence strip. */
export function testOutcomes(
  runs: readonly LogicalRun[],
  test: { project: string; file: string; name: string },
  count = TREND_RUNS,
): StripCell[] {
  return testInRecentRuns(runs, test, count).map(({ label, record }): StripCell => {
    if (!record) return { state: 'absent', title: `${label}: did not run` }
    const attempts = record.attempts?.join(' → ')
    if (record.state === 'passed' && (record.retries > 0 || record.attempts?.includes('failed')))
      return {
        state: 'retried',
        title: `${label}: passed on retry (${attempts ?? `${record.retries} retries`})`,
      }
    const detail = attempts ? ` (${attempts})` : record.retries ? ` after ${record.retries} retries` : ''
    return { state: record.state, title: `${label}: ${record.state}${detail}` }
  })
}
