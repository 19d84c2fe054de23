import { describe, expect, test } from 'vitest'
import { HIDDEN_SESSIONS_NOTE, NO_DDL_LOG_NOTE, serverObservation } from '../../../src/guard/server-evidence'
import type { DatabaseActivity } from '../../../src/server/database-usage'

const quiet: DatabaseActivity = {
  used: true,
  sessions: 1,
  commits: 1,
  rowsChanged: 0,
  open: 0,
  foreign: 0,
  hidden: 0,
  listening: [],
  created: [],
}

describe('serverObservation', () => {
  test('a quiet file: nothing seen, nothing noted', () => {
    expect(serverObservation({ activity: quiet, ddl: undefined, connectionsPerFile: 2 })).toEqual({
      level: 'none',
      evidence: [],
      counts: {},
    })
  })

  test('a template without the DDL log and sessions hidden from the admin are said, never silent', () => {
    const observation = serverObservation({
      activity: { ...quiet, hidden: 2 },
      ddl: 'missing',
      connectionsPerFile: 2,
    })
    expect(observation.notes).toEqual([NO_DDL_LOG_NOTE, HIDDEN_SESSIONS_NOTE])
    expect(observation.level).toBe('none')
  })

  test('a database the file’s role owns or a role it administers counts; one nobody can be tied to is a note', () => {
    const observation = serverObservation({
      activity: {
        ...quiet,
        created: [
          { kind: 'database', name: 'scratch', by: 'dbsafe_r1_u3' },
          { kind: 'role', name: 'auditor', by: null },
        ],
      },
      ddl: undefined,
      role: 'dbsafe_r1_u3',
      connectionsPerFile: 2,
    })
    expect(observation.level).toBe('sequential')
    expect(observation.evidence).toEqual([
      expect.objectContaining({ kind: 'cluster', text: expect.stringContaining('database scratch') }),
    ])
    expect(observation.notes).toEqual([expect.stringContaining('the role auditor was created while it ran')])
  })

  test('more DDL than kept as evidence is still counted', () => {
    const rows = [1, 2, 3, 4].map((n) => ({ tag: 'CREATE TABLE', statement: `CREATE TABLE t${n} ()` }))
    const observation = serverObservation({
      activity: quiet,
      ddl: { count: 7, rows },
      connectionsPerFile: 2,
    })
    expect(observation.counts.ddl).toBe(7)
    expect(observation.evidence).toHaveLength(3)
  })
})
