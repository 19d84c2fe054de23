import { describe, expect, test } from 'vitest'
import type { TestModule } from 'vitest/node'
import { isolationProblems } from '../../src/isolation-problems'

/** The parts of a finished test module the check reads. */
function module(
  file: string,
  options: {
    pool?: string
    meta?: Record<string, unknown>
    state?: string
    browser?: boolean
    project?: string
  } = {},
): TestModule {
  return {
    moduleId: `/root/${file}`,
    project: {
      name: options.project ?? '',
      config: { pool: options.pool ?? 'dbsafe', browser: { enabled: options.browser ?? false } },
    },
    meta: () => options.meta ?? {},
    state: () => options.state ?? 'passed',
  } as unknown as TestModule
}

const prepared = { level: 'read-only', isolation: 'read-only-clone', uncertain: false }
const routing = (queriesElsewhere?: number) => ({
  dbsafe: {
    ...prepared,
    routing: { usedOwnDatabase: false, ...(queriesElsewhere ? { queriesElsewhere } : {}), note: 'seen' },
  },
})

describe('isolationProblems', () => {
  test('a file of a dbsafe project that ran without meta.dbsafe is an error; with it, nothing', () => {
    const problems = isolationProblems(
      [
        module('tests/b.test.ts'),
        module('tests/a.test.ts', { meta: { dbsafe: prepared } }),
        module('tests/c.test.ts', { state: 'failed' }),
      ],
      '/root',
    )
    expect(problems.map((p) => [p.file, p.kind, p.severity])).toEqual([
      ['tests/b.test.ts', 'no-context', 'error'],
      ['tests/c.test.ts', 'no-context', 'error'],
    ])
  })

  test('no context is only a problem under the dbsafe pool, for a module that ran, not a type test or a browser one', () => {
    expect(
      isolationProblems(
        [
          module('forks.test.ts', { pool: 'forks' }),
          module('skipped.test.ts', { state: 'skipped' }),
          module('queued.test.ts', { state: 'queued' }),
          module('types.test-d.ts', { meta: { typecheck: true } }),
          module('browser.test.ts', { browser: true }),
        ],
        '/root',
      ),
    ).toEqual([])
  })

  test('a routing finding is an error when queries went elsewhere, a warning otherwise, whatever the pool', () => {
    const problems = isolationProblems(
      [module('w.test.ts', { meta: routing() }), module('e.test.ts', { pool: 'forks', meta: routing(3) })],
      '/root',
    )
    expect(problems).toEqual([
      {
        kind: 'queried-elsewhere',
        severity: 'error',
        project: '',
        file: 'e.test.ts',
        message: 'never used the database dbsafe gave it: seen',
      },
      {
        kind: 'unused-database',
        severity: 'warning',
        project: '',
        file: 'w.test.ts',
        message: 'never used the database dbsafe gave it: seen',
      },
    ])
  })
})
