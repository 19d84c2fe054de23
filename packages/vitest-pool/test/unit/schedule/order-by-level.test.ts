import { describe, expect, test } from 'vitest'
import { orderByLevel } from '../../../src/schedule/order-by-level'

describe('orderByLevel', () => {
  test('sequential first, then no-database files, then the rest longest first', () => {
    const order = orderByLevel([
      { item: 'short', level: 'isolated-writes', durationMs: 100 },
      { item: 'pure', level: 'none', durationMs: 5 },
      { item: 'long', level: 'shared-writes', durationMs: 900 },
      { item: 'roles', level: 'sequential', durationMs: 50 },
    ])
    expect(order).toEqual(['roles', 'pure', 'long', 'short'])
  })

  test('keeps the input order without timing history', () => {
    const order = orderByLevel([
      { item: 'b', level: 'read-only', durationMs: undefined },
      { item: 'a', level: 'schema-changes', durationMs: undefined },
      { item: 'c', level: undefined, durationMs: undefined },
    ])
    expect(order).toEqual(['b', 'a', 'c'])
  })
})
