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
  // Grouped by file first, so building a key costs one concatenation per test, not per result.
  const byFile = new Map<string, Map<string, TestSeries>>()
  runs.forEach((run, index) => {
    for (const file of run.files) {
      const fileKey = `${file.project}\u0000${file.file}`
      let tests = byFile.get(fileKey)
      if (!tests) {
        tests = new Map()
        byFile.set(fileKey, tests)
      }
      for (const test of file.tests) {
        let entry = tests.get(test.name)
        if (!entry) {
          const key = historyTestKey(file.project, file.file, test.name)
          entry = { key, project: file.project, file: file.file, name: test.name, points: [] }
          tests.set(test.name, entry)
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
  const series = new Map<string, TestSeries>()
  for (const tests of byFile.values()) for (const entry of tests.values()) series.set(entry.key, entry)
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
