import type { HistoryFileRecord, HistoryRun } from '@dbsafe/core'
import type { LogicalRun } from '../../src/logical-runs'
import type { SummaryInputs } from '../../src/run-summary'

/** A small run record; tests override what they need. */
export function run(overrides: Partial<HistoryRun> & { runId: string }): HistoryRun {
  return {
    attempt: 1,
    merged: false,
    startedAt: '2026-01-01T00:00:00.000Z',
    wallMs: 100,
    reporterMs: 1,
    defaultBranch: true,
    ci: 'local',
    nodeVersion: 'v24',
    vitestVersion: '5.1.1',
    workers: 2,
    status: 'passed',
    files: [],
    ...overrides,
  }
}

/** Marks runs as whole runs, as the detectors take them. */
export function whole(runs: HistoryRun[]): LogicalRun[] {
  return runs.map((r) => ({ ...r, complete: true }))
}

/** A passed file record; tests give it the test records they need. */
export function fileRecord(name: string, tests: HistoryFileRecord['tests'] = []): HistoryFileRecord {
  return {
    project: '',
    file: name,
    state: 'passed',
    environmentMs: 0,
    prepareMs: 0,
    collectMs: 1,
    setupMs: 0,
    runMs: 10,
    tests,
  }
}

/** The inputs of `summarize` besides the run: nothing flaky, slow or recommended; tests override what they need. */
export function summaryInputs(overrides: Partial<SummaryInputs> = {}): SummaryInputs {
  return {
    historyRuns: 1,
    flaky: [],
    slowdowns: [],
    recommendations: [],
    topCount: 5,
    historyLocation: 'h.json',
    ...overrides,
  }
}
