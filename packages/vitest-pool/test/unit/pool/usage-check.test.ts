import { CONNECTION_META_KEY } from '@dbsafe/core'
import { describe, expect, it } from 'vitest'
import { type FinishedFileTask, routingFinding } from '../../../src/pool/usage-check'

function file(states: string[], queries?: number): FinishedFileTask {
  return {
    meta: queries === undefined ? {} : { [CONNECTION_META_KEY]: { usage: { queries } } },
    tasks: [{ type: 'suite', tasks: states.map((state) => ({ type: 'test', result: { state } })) }],
  }
}

describe("routingFinding (the file's database saw nothing)", () => {
  it('is an error with the query count when its pg clients ran queries, and names the fix', () => {
    const finding = routingFinding(file(['pass'], 42), 'dbsafe_1a2b3c4d_w1')
    expect(finding).toMatchObject({ usedOwnDatabase: false, queriesElsewhere: 42 })
    expect(finding?.note).toContain('ran 42 queries, yet its database dbsafe_1a2b3c4d_w1 saw no session')
    expect(finding?.note).toContain("env: { POSTGRES_HOST: 'host'")
  })

  it('counts queries at import time even when every test was skipped', () => {
    expect(routingFinding(file(['skip'], 1), 'db')?.queriesElsewhere).toBe(1)
  })

  it('is a warning (no count) when tests ran but no query was tracked: another client, or no database at all', () => {
    const finding = routingFinding(file(['pass', 'fail']), 'db')
    expect(finding).not.toHaveProperty('queriesElsewhere')
    expect(finding?.note).toContain('`// @db-level none`')
  })

  it('records nothing when no test ran and nothing was queried (skipped, filtered, collect)', () => {
    expect(routingFinding(file(['skip', 'todo'], 0), 'db')).toBeUndefined()
    expect(routingFinding(file([]), 'db')).toBeUndefined()
  })
})
