import { type HistoryState, historyTestKey } from '@dbsafe/core'
import type { LogicalRun } from './logical-runs'

/** One result of a test in one whole run. */
export interface SeriesPoint {
  /** Index of the run in the list the series was built from. */
  run: number
  state: HistoryState
  durationMs: number
  retries: number
  attempts?: HistoryState[]
}

/** Every result of one test, oldest first. */
export interface TestSeries {
  key: string
  project: string
  file: string
  name: string
  points: SeriesPoint[]
}

/** The results of every test across `runs`, keyed by project + file + full name. */
export function testSeries(runs: readonly LogicalRun[]): Map<string, TestSeries> {
  const series = new Map<string, TestSeries>()
  runs.forEach((run, index) => {
    for (const file of run.files) {
      for (const test of file.tests) {
        const key = historyTestKey(file.project, file.file, test.name)
        let entry = series.get(key)
        if (!entry) {
          entry = { key, project: file.project, file: file.file, name: test.name, points: [] }
          series.set(key, entry)
        }
        const point: SeriesPoint = {
          run: index,
          state: test.state,
          durationMs: test.durationMs,
          retries: test.retries,
        }
        if (test.attempts) point.attempts = test.attempts
        entry.points.push(point)
      }
    }
  })
  return series
}

/** Share of executed tests that failed in a run (0 when nothing ran). */
export function failureShare(run: LogicalRun): number {
  let failed = 0
  let executed = 0
  for (const file of run.files) {
    for (const test of file.tests) {
      if (test.state === 'skipped') continue
      executed++
      if (test.state === 'failed') failed++
    }
  }
  return executed === 0 ? 0 : failed / executed
}
