import { emptyLearnedLevels, type HistoryFileRecord } from '@dbsafe/core'
import pc from 'picocolors'
import { describe, expect, test } from 'vitest'
import { formatTerminalSummary } from '../../src/format-terminal'
import { githubAnnotations, jobSummaryMarkdown } from '../../src/github-output'
import { levelRecommendations } from '../../src/misclassified'
import { summarize } from '../../src/run-summary'
import { fileRecord, run, summaryInputs } from './helpers'

const misclassified: HistoryFileRecord = {
  ...fileRecord('tests/queue.test.ts', [{ name: 'q', state: 'passed', durationMs: 5, retries: 0 }]),
  level: 'shared-writes',
  misclassified: {
    ranAt: 'isolated-writes',
    needs: 'shared-writes',
    source: 'analysis',
    evidence: [
      {
        level: 'shared-writes',
        kind: 'notify',
        text: 'LISTEN jobs',
        at: 'tests/queue/job-queue.ts:9:18 (from tests/queue.test.ts:14:17)',
        source: 'client',
      },
    ],
    fix: "put `// @db-level shared-writes` before the first test of tests/queue.test.ts, or levels: { 'tests/queue.test.ts': 'shared-writes' }",
    rerun: { level: 'shared-writes', state: 'passed' },
  },
}
const base = summaryInputs()

describe('misclassified files in the outputs', () => {
  const summary = summarize(
    run({ runId: 'r', files: [misclassified, fileRecord('tests/other.test.ts')] }),
    base,
  )

  test('the terminal names the file, both levels, the rerun, the evidence with its place, and the fix', () => {
    const text = formatTerminalSummary(summary, pc.createColors(false))
    expect(text).toContain('! 1 file ran below the level it needs: see "Misclassified" below')
    expect(text).toContain(
      [
        'Misclassified (1): what they did needs a higher level',
        '  ! tests/queue.test.ts: ran at isolated-writes, needs shared-writes (rerun at shared-writes: passed)',
        '      LISTEN jobs — tests/queue/job-queue.ts:9:18 (from tests/queue.test.ts:14:17)',
        "      fix: put `// @db-level shared-writes` before the first test of tests/queue.test.ts, or levels: { 'tests/queue.test.ts': 'shared-writes' }",
      ].join('\n'),
    )
  })

  test('GitHub gets a warning on the file and a table in the job summary', () => {
    expect(githubAnnotations(summary)[0]).toMatch(
      /^::warning file=tests\/queue\.test\.ts,title=dbsafe%3A level too low \(isolated-writes → shared-writes\)::ran at isolated-writes, needs shared-writes \(rerun at shared-writes: passed\)\. Evidence: LISTEN jobs — tests\/queue\/job-queue\.ts:9:18/,
    )
    const markdown = jobSummaryMarkdown(summary)
    expect(markdown).toContain('### ⚠ 1 file ran below the level it needs')
    expect(markdown).toContain(
      '| tests/queue.test.ts | ran at isolated-writes, needs shared-writes (rerun at shared-writes: passed) |',
    )
  })

  test('a file rerun because a file beside it took the server from it is listed apart', () => {
    const starved: HistoryFileRecord = {
      ...fileRecord('tests/starved.test.ts'),
      interference: {
        cause: 'PostgreSQL refused it a connection: sorry, too many clients already',
        rerun: { level: 'read-only', state: 'passed' },
      },
    }
    const summary = summarize(run({ runId: 'r', files: [starved] }), base)
    expect(githubAnnotations(summary)).toEqual([
      '::warning file=tests/starved.test.ts,title=dbsafe%3A rerun after interference::a file beside it took the server from it; rerun at read-only: passed — PostgreSQL refused it a connection: sorry, too many clients already',
    ])
    const text = formatTerminalSummary(summary, pc.createColors(false))
    expect(text).toContain(
      [
        'Rerun after interference (1): a file beside them took the server from them',
        '  ! tests/starved.test.ts: rerun at read-only: passed — PostgreSQL refused it a connection: sorry, too many clients already',
      ].join('\n'),
    )
  })

  test('a run with none prints no such section', () => {
    const clean = summarize(run({ runId: 'r', files: [fileRecord('tests/other.test.ts')] }), base)
    expect(formatTerminalSummary(clean, pc.createColors(false))).not.toContain('Misclassified')
    expect(jobSummaryMarkdown(clean)).not.toContain('below the level')
  })

  test('a lower level the history recommends is suggested for files of this run with the same contents', () => {
    const learned = {
      ...emptyLearnedLevels(),
      recommendations: {
        'tests/other.test.ts': {
          contentKey: 'k',
          ranAt: 'shared-writes' as const,
          level: 'read-only' as const,
          runs: 3,
          counts: { read: 12 },
        },
      },
    }
    const current = run({ runId: 'r', files: [{ ...fileRecord('tests/other.test.ts'), contentKey: 'k' }] })
    expect(levelRecommendations(learned, current)).toEqual([
      {
        file: 'tests/other.test.ts',
        text: 'tests/other.test.ts could run at read-only instead of shared-writes: put `// @db-level read-only` before its first test (dbsafe never lowers a level by itself)',
        evidence: 'its last 3 runs passed and never needed more than read-only: 12 read',
      },
    ])
    const edited = run({ runId: 'r', files: [{ ...fileRecord('tests/other.test.ts'), contentKey: 'k2' }] })
    expect(levelRecommendations(learned, edited)).toEqual([])
  })
})
