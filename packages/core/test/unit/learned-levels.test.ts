import { describe, expect, test } from 'vitest'
import type { HistoryFileRecord, HistoryRun } from '../../src/history'
import { learnFromHistory, parseLearnedLevels, RECOMMEND_AFTER_RUNS } from '../../src/learned-levels'

function record(overrides: Partial<HistoryFileRecord>): HistoryFileRecord {
  return {
    project: '',
    file: 'tests/a.test.ts',
    state: 'passed',
    environmentMs: 0,
    prepareMs: 0,
    collectMs: 0,
    setupMs: 0,
    runMs: 10,
    level: 'shared-writes',
    contentKey: 'k1',
    observedLevel: 'read-only',
    observedCounts: { read: 4 },
    observedComplete: true,
    tests: [{ name: 't', state: 'passed', durationMs: 1, retries: 0 }],
    ...overrides,
  }
}

function history(files: HistoryFileRecord[][]): { schemaVersion: 1; runs: HistoryRun[] } {
  return {
    schemaVersion: 1,
    runs: files.map((records, index) => ({
      runId: `run-${index}`,
      attempt: 1,
      merged: false,
      startedAt: `2026-01-0${index + 1}T00:00:00.000Z`,
      wallMs: 1,
      reporterMs: 1,
      defaultBranch: true,
      ci: 'local',
      nodeVersion: 'v24',
      vitestVersion: '5.1.1',
      workers: 2,
      status: 'passed',
      files: records,
    })),
  }
}

const finding = {
  ranAt: 'read-only' as const,
  needs: 'shared-writes' as const,
  source: 'analysis' as const,
  evidence: [
    {
      level: 'shared-writes' as const,
      kind: 'notify' as const,
      text: 'LISTEN jobs',
      source: 'client' as const,
    },
  ],
  fix: 'put `// @db-level shared-writes` …',
}

describe('learnFromHistory', () => {
  test('a misclassified file is learned at the level it needed, for its contents', () => {
    const learned = learnFromHistory(history([[record({ level: 'read-only', misclassified: finding })]]))
    expect(learned.files['tests/a.test.ts']).toEqual({
      contentKey: 'k1',
      level: 'shared-writes',
      ranAt: 'read-only',
      evidence: finding.evidence,
      seenAt: '2026-01-01T00:00:00.000Z',
      runId: 'run-0',
    })
  })

  test('an edit of the file or its imports (a new content key) forgets what was learned', () => {
    const learned = learnFromHistory(
      history([[record({ misclassified: finding })], [record({ contentKey: 'k2', level: 'read-only' })]]),
    )
    expect(learned.files).toEqual({})
  })

  test('an annotation or config glob that is too low is reported, never learned', () => {
    for (const source of ['annotation', 'config'] as const) {
      const learned = learnFromHistory(history([[record({ misclassified: { ...finding, source } })]]))
      expect(learned.files, source).toEqual({})
    }
  })

  test('a lower level is recommended after enough passing, fully observed runs that never needed more', () => {
    const runs = Array.from({ length: RECOMMEND_AFTER_RUNS }, () => [record({})])
    expect(learnFromHistory(history(runs)).recommendations['tests/a.test.ts']).toEqual({
      contentKey: 'k1',
      ranAt: 'shared-writes',
      level: 'read-only',
      runs: RECOMMEND_AFTER_RUNS,
      counts: { read: 4 * RECOMMEND_AFTER_RUNS },
    })
    const fewer = runs.slice(1)
    expect(learnFromHistory(history(fewer)).recommendations).toEqual({})
    const unseen = [...fewer, [record({ observedComplete: false })]]
    expect(learnFromHistory(history(unseen)).recommendations).toEqual({})
    const failed = [...fewer, [record({ state: 'failed' })]]
    expect(learnFromHistory(history(failed)).recommendations).toEqual({})
  })

  test('a document that is not a learned-levels document reads as nothing', () => {
    expect(parseLearnedLevels({ format: 'other' })).toBeUndefined()
    expect(parseLearnedLevels(null)).toBeUndefined()
    const parsed = parseLearnedLevels({
      format: 'dbsafe-learned-levels',
      version: 1,
      files: {
        good: { contentKey: 'k', level: 'sequential', ranAt: 'none', evidence: [] },
        bad: { level: 'x' },
      },
      recommendations: {},
    })
    expect(Object.keys(parsed?.files ?? {})).toEqual(['good'])
  })
})
