import { describe, expect, test } from 'vitest'
import { recommend } from '../../src/recommendations'
import { fileRecord, run } from './helpers'

const cleanup = (provisionMs: number | undefined) => ({
  ...fileRecord('tests/orders.test.ts'),
  level: 'shared-writes' as const,
  uncertain: false,
  reason: 'tests/helpers/db.ts:12 TRUNCATE orders (committed in afterEach)',
  ...(provisionMs === undefined ? {} : { provisionMs }),
})

describe('recommendations', () => {
  test('a reset is cited only when it was measured: never "reset took 0 ms"', () => {
    const measured = recommend(run({ runId: 'r', files: [cleanup(42.4)] }), [])
    expect(measured[0]?.evidence).toBe(
      'tests/helpers/db.ts:12 TRUNCATE orders (committed in afterEach); the reset took 42 ms this run',
    )
    for (const provisionMs of [0, 0.3, undefined]) {
      const [rec] = recommend(run({ runId: 'r', files: [cleanup(provisionMs)] }), [])
      expect(rec?.text).toMatch(/only because of its cleanup hook/)
      expect(rec?.evidence).toBe('tests/helpers/db.ts:12 TRUNCATE orders (committed in afterEach)')
    }
  })

  test('a sequential file is said to block the others only when it held the main server alone', () => {
    const sequential = (ownServer?: boolean) => ({
      ...fileRecord('tests/roles.test.ts'),
      level: 'sequential' as const,
      reason: 'tests/roles.test.ts:4 CREATE ROLE auditor',
      ...(ownServer ? { ownServer } : {}),
    })
    const [alone] = recommend(run({ runId: 'r', files: [sequential()] }), [])
    expect(alone?.text).toMatch(/runs alone \(sequential\).*blocking every other database file/)
    expect(recommend(run({ runId: 'r', files: [sequential(true)] }), [])).toEqual([])
  })
})
