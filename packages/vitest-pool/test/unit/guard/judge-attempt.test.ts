import type { DbsafeObservation } from '@dbsafe/core'
import { describe, expect, test } from 'vitest'
import { type AttemptInput, judgeAttempt, recordVerdict } from '../../../src/guard/judge-attempt'
import { fixFor, rerunLevelOf } from '../../../src/guard/judge-file'

const insert: DbsafeObservation = {
  level: 'isolated-writes',
  evidence: [{ level: 'isolated-writes', kind: 'write', text: 'INSERT INTO audit', source: 'client' }],
  counts: { read: 2, write: 1 },
}

function input(overrides: Partial<AttemptInput>): AttemptInput {
  return {
    task: { meta: { dbsafe: { level: 'read-only' } }, result: { state: 'fail' } },
    file: 'tests/a.test.ts',
    root: '/project',
    ranAt: 'read-only',
    source: 'analysis',
    observed: insert,
    unseen: [],
    connectionsPerFile: 10,
    fallbackLevel: 'shared-writes',
    mode: 'rerun',
    ...overrides,
  }
}

describe('judgeAttempt', () => {
  test('a file that did no more than its level is not misclassified', () => {
    const verdict = judgeAttempt(input({ ranAt: 'isolated-writes' }))
    expect(verdict).toEqual({ observation: insert })
  })

  test('a failed misclassified file is rerun at what it needs; one cut short at least at the fallback level', () => {
    expect(judgeAttempt(input({})).rerunAt).toBe('isolated-writes')
    const refused = judgeAttempt(
      input({
        task: {
          meta: {},
          result: {
            state: 'fail',
            errors: [{ message: 'cannot execute INSERT in a read-only transaction' }],
          },
        },
      }),
    )
    expect(refused.observation.cutShort).toBe(true)
    expect(refused.rerunAt).toBe('shared-writes')
    expect(refused.misclassified).toMatchObject({
      ranAt: 'read-only',
      needs: 'isolated-writes',
      source: 'analysis',
    })
  })

  test('a passing misclassified file is reported, not rerun; so is one whose level an annotation or config set', () => {
    const passed = judgeAttempt(input({ task: { meta: {}, result: { state: 'pass' } } }))
    expect(passed.misclassified?.needs).toBe('isolated-writes')
    expect(passed.rerunAt).toBeUndefined()
    for (const source of ['annotation', 'config'] as const)
      expect(judgeAttempt(input({ source })).rerunAt, source).toBeUndefined()
    expect(judgeAttempt(input({ mode: 'report' })).rerunAt).toBeUndefined()
  })

  test('more connections held at once than a file’s share is sequential', () => {
    const verdict = judgeAttempt(input({ observed: { ...insert, maxConnections: 12 } }))
    expect(verdict.misclassified?.needs).toBe('sequential')
    expect(verdict.observation.evidence[0]?.text).toBe(
      "held 12 connections at once; a file's share of the server is 10 (connectionsPerFile)",
    )
  })

  test('a rerun keeps the first finding, adds what the rerun needed on top, and how it ended', () => {
    const first = judgeAttempt(input({}))
    const ddl: DbsafeObservation = {
      level: 'schema-changes',
      evidence: [{ level: 'schema-changes', kind: 'ddl', text: 'CREATE TABLE x', source: 'client' }],
      counts: { ddl: 1 },
    }
    const rerun = judgeAttempt(
      input({
        ranAt: 'isolated-writes',
        observed: ddl,
        task: { meta: {}, result: { state: 'pass' } },
        rerunOf: { misclassified: first.misclassified!, observation: first.observation },
      }),
    )
    expect(rerun.rerunAt).toBeUndefined()
    expect(rerun.misclassified).toMatchObject({
      ranAt: 'read-only',
      needs: 'schema-changes',
      rerun: { level: 'isolated-writes', state: 'passed' },
    })
    expect(rerun.observation.counts).toEqual({ read: 2, write: 1, ddl: 1 })
  })

  test('a file that did no more than its level but was starved by a file beside it runs again at its level', () => {
    const starved = judgeAttempt(
      input({
        ranAt: 'isolated-writes',
        task: {
          meta: {},
          result: { state: 'fail', errors: [{ message: 'sorry, too many clients already' }] },
        },
      }),
    )
    expect(starved).toMatchObject({
      rerunAt: 'isolated-writes',
      interference: { cause: 'PostgreSQL refused it a connection: sorry, too many clients already' },
    })
    const rerun = judgeAttempt(
      input({
        ranAt: 'isolated-writes',
        task: { meta: {}, result: { state: 'pass' } },
        rerunOf: { interference: 'PostgreSQL refused it a connection: …', observation: insert },
      }),
    )
    expect(rerun.interference).toEqual({
      cause: 'PostgreSQL refused it a connection: …',
      rerun: { level: 'isolated-writes', state: 'passed' },
    })
    expect(rerun.rerunAt).toBeUndefined()
    const passed = judgeAttempt(
      input({ ranAt: 'isolated-writes', task: { meta: {}, result: { state: 'pass' } } }),
    )
    expect(passed.interference).toBeUndefined()
  })

  test('the verdict lands in the task’s meta.dbsafe', () => {
    const task = { meta: { dbsafe: { level: 'read-only' } } }
    const verdict = judgeAttempt(input({ task }))
    recordVerdict(task, verdict)
    expect(task.meta.dbsafe).toMatchObject({ observed: insert, misclassified: { needs: 'isolated-writes' } })
  })
})

describe('fixFor and rerunLevelOf', () => {
  test('the fix follows where the level came from', () => {
    expect(fixFor('tests/a.test.ts', 'read-only', 'shared-writes', 'analysis')).toBe(
      "put `// @db-level shared-writes` before the first test of tests/a.test.ts, or levels: { 'tests/a.test.ts': 'shared-writes' }",
    )
    expect(fixFor('tests/a.test.ts', 'read-only', 'shared-writes', 'annotation')).toBe(
      'change `// @db-level read-only` to `// @db-level shared-writes` in tests/a.test.ts',
    )
    expect(fixFor('tests/a.test.ts', 'read-only', 'shared-writes', 'config')).toContain(
      "map it to 'shared-writes'",
    )
  })

  test('a complete observation reruns at its level; a cut-short one at no less than the fallback', () => {
    expect(rerunLevelOf(insert, 'shared-writes')).toBe('isolated-writes')
    expect(rerunLevelOf({ ...insert, cutShort: true }, 'shared-writes')).toBe('shared-writes')
    expect(rerunLevelOf({ ...insert, level: 'schema-changes', cutShort: true }, 'shared-writes')).toBe(
      'schema-changes',
    )
  })
})
