import { describe, expect, test } from 'vitest'
import { errorEvidence, interferenceOf } from '../../../src/guard/error-evidence'
import { NO_DATABASE_HOST } from '../../../src/worker/file-env'

const ROOT = '/project'

describe('errorEvidence', () => {
  test('a read-only refusal says what the file tried, whatever its client, and where', () => {
    const result = errorEvidence(
      [
        {
          message: 'cannot execute INSERT in a read-only transaction',
          stacks: [
            { file: '/project/node_modules/postgres/src/connection.js', line: 1, column: 1 },
            { file: '/project/tests/orders.test.ts', line: 12, column: 5 },
          ],
        },
        { message: 'cannot execute CREATE TABLE in a read-only transaction' },
        { message: 'cannot execute nextval() in a read-only transaction' },
      ],
      ROOT,
    )
    expect(result.cutShort).toBe(true)
    expect(result.evidence.map((e) => [e.kind, e.level, e.at])).toEqual([
      ['write', 'isolated-writes', 'tests/orders.test.ts:12:5'],
      ['ddl', 'schema-changes', undefined],
      ['sequence', 'shared-writes', undefined],
    ])
    expect(result.evidence[0]?.text).toBe(
      'PostgreSQL refused it: cannot execute INSERT in a read-only transaction',
    )
  })

  test('a connection at level none: dbsafe’s error for pg, the no-database host for any other client', () => {
    const result = errorEvidence(
      [
        { code: 'DBSAFE_NO_DATABASE', message: 'dbsafe: tests/a.test.ts runs at level none' },
        { message: `connect ENOENT ${NO_DATABASE_HOST}/.s.PGSQL.5432` },
      ],
      ROOT,
    )
    expect(result).toMatchObject({ cutShort: true, evidence: [{ kind: 'connect' }, { kind: 'connect' }] })
  })

  test('a server-wide statement refused for lack of privilege, and a deadlock between two connections', () => {
    const result = errorEvidence(
      [
        { message: 'permission denied to create role' },
        { code: 'DBSAFE_CONNECTION_DEADLOCK', message: 'waited 1000 ms' },
      ],
      ROOT,
    )
    expect(result.evidence.map((e) => e.kind)).toEqual(['cluster', 'committed-write'])
  })

  test('errors that say nothing of the level are no evidence', () => {
    expect(
      errorEvidence([{ message: 'expected 2 to be 3' }, { message: 'duplicate key value' }], ROOT),
    ).toEqual({
      evidence: [],
      cutShort: false,
    })
  })

  test('what a file beside it did: the server full, or its session ended by another', () => {
    expect(interferenceOf([{ message: 'x' }, { message: 'sorry, too many clients already' }])).toBe(
      'PostgreSQL refused it a connection: sorry, too many clients already',
    )
    expect(interferenceOf([{ message: 'terminating connection due to administrator command' }])).toBe(
      'PostgreSQL ended its session: terminating connection due to administrator command',
    )
    expect(interferenceOf([{ message: 'expected 1 to be 2' }])).toBeUndefined()
  })
})
