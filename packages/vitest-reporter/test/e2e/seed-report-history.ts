import type { History, HistoryFileRecord, HistoryRun, HistoryTest } from '@dbsafe/core'

/** The files of the report-suite fixture, as its earlier runs recorded them. */
const FILES: {
  file: string
  level: HistoryFileRecord['level']
  isolation: HistoryFileRecord['isolation']
  tests: string[]
}[] = [
  {
    file: 'tests/failing.test.ts',
    level: 'isolated-writes',
    isolation: 'transaction-rollback',
    tests: ['orders > totals add up', 'orders > lists'],
  },
  {
    file: 'tests/flaky.test.ts',
    level: 'read-only',
    isolation: 'read-only-clone',
    tests: ['passes on retry'],
  },
  { file: 'tests/slower.test.ts', level: 'shared-writes', isolation: 'reset-per-file', tests: ['grows'] },
  {
    file: 'tests/reads.test.ts',
    level: 'read-only',
    isolation: 'read-only-clone',
    tests: ['reads one', 'reads two', 'reads three'],
  },
  { file: 'tests/pure.test.ts', level: undefined, isolation: undefined, tests: ['adds', 'multiplies'] },
]

/** Deterministic jitter in [-1, 1] for run `i`, value `j`. */
const jitter = (i: number, j: number): number => Math.sin(i * 12.9898 + j * 78.233) % 1

/**
 * Twelve earlier runs, one a day up to yesterday, of the report-suite fixture: every test passed, except the flaky test, which failed
 * in runs 4 and 8 and passed on retry in run 9; `grows` took about 20 ms until the last two runs (60 ms).
 */
export function seededHistory(now = Date.now()): History {
  const runs: HistoryRun[] = Array.from({ length: 12 }, (_, i) => ({
    runId: `seed-${i + 1}`,
    attempt: 1,
    merged: false,
    // One a day up to yesterday: inside the history's retention.
    startedAt: new Date(now - (12 - i) * 86_400_000).toISOString(),
    wallMs: 900 + 80 * jitter(i, 0),
    reporterMs: 2,
    defaultBranch: true,
    ci: 'github-actions',
    nodeVersion: 'v24.0.0',
    vitestVersion: '5.1.1',
    workers: 2,
    status: 'passed',
    commit: `c0ffee${String(i).padStart(2, '0')}aa`,
    branch: 'main',
    files: FILES.map(({ file, level, isolation, tests }, j) => {
      const records: HistoryTest[] = tests.map((name) => {
        if (name === 'grows')
          return {
            name,
            state: 'passed',
            durationMs: i >= 10 ? 61 + jitter(i, j) : 20 + jitter(i, j),
            retries: 0,
          }
        if (name === 'passes on retry' && (i === 3 || i === 7))
          return {
            name,
            state: 'failed',
            durationMs: 2,
            retries: 2,
            attempts: ['failed', 'failed', 'failed'],
          }
        if (name === 'passes on retry' && i === 8)
          return { name, state: 'passed', durationMs: 2, retries: 1, attempts: ['failed', 'passed'] }
        return { name, state: 'passed', durationMs: 1, retries: 0 }
      })
      const record: HistoryFileRecord = {
        project: '',
        file,
        state: records.some((t) => t.state === 'failed') ? 'failed' : 'passed',
        environmentMs: 0,
        prepareMs: 30 + 5 * jitter(i, j),
        collectMs: 40 + 10 * jitter(i, j + 1),
        setupMs: 0,
        runMs: records.reduce((sum, t) => sum + t.durationMs, 0) + 5 * (j + 1) + 4 * jitter(i, j + 2),
        tests: records,
      }
      if (level) record.level = level
      if (isolation) record.isolation = isolation
      return record
    }),
  }))
  return { schemaVersion: 1, runs }
}
