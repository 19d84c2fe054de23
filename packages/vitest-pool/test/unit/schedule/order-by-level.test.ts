import { describe, expect, test } from 'vitest'
import { orderByLevel } from '../../../src/schedule/order-by-level'

describe('orderByLevel', () => {
  test('sequential first, then every other file in the given order', () => {
    const order = orderByLevel([
      { item: 'long', level: 'shared-writes' },
      { item: 'pure', level: 'none' },
      { item: 'unknown', level: undefined },
      { item: 'short', level: 'isolated-writes' },
      { item: 'roles', level: 'sequential' },
    ])
    expect(order).toEqual(['roles', 'long', 'pure', 'unknown', 'short'])
  })
})
