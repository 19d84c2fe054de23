import { describe, expect, it } from 'vitest'
import { compareLevels, DB_LEVELS, DEFAULT_ISOLATION, isDbLevel, levelRank, maxLevel } from '../../src/index'

describe('levels', () => {
  it('orders the six levels from weakest to strongest isolation', () => {
    expect(DB_LEVELS).toEqual([
      'none',
      'read-only',
      'isolated-writes',
      'shared-writes',
      'schema-changes',
      'sequential',
    ])
    expect(levelRank('none')).toBe(0)
    expect(levelRank('sequential')).toBe(5)
    expect(compareLevels('read-only', 'schema-changes')).toBeLessThan(0)
  })

  it('lets the highest evidence win', () => {
    expect(maxLevel(['read-only', 'schema-changes', 'isolated-writes'])).toBe('schema-changes')
    expect(maxLevel([])).toBe('none')
  })

  it('recognises level names and nothing else', () => {
    expect(isDbLevel('shared-writes')).toBe(true)
    expect(isDbLevel('shared_writes')).toBe(false)
    expect(isDbLevel(3)).toBe(false)
  })

  it('gives every level a default isolation', () => {
    for (const level of DB_LEVELS) expect(DEFAULT_ISOLATION[level]).toBeTypeOf('string')
    expect(DEFAULT_ISOLATION['isolated-writes']).toBe('transaction-rollback')
  })
})
