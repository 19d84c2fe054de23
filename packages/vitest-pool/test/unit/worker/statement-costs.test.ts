import { describe, expect, test } from 'vitest'
import { StatementCosts } from '../../../src/worker/statement-costs'

describe('StatementCosts', () => {
  test('merges statements that differ only in constants, costliest first', async () => {
    const costs = new StatementCosts()
    costs.add('SELECT * FROM books WHERE id = 1', 2)
    costs.add('SELECT * FROM books WHERE id = 2', 3)
    costs.add('select *   from books where id = $1', 1)
    costs.add('SELECT pg_sleep(1)', 5)
    const [first, second, ...rest] = await costs.slowest(5)
    expect(rest).toEqual([])
    expect(first).toMatchObject({ sql: 'SELECT * FROM books WHERE id = $1', calls: 3, totalMs: 6, maxMs: 3 })
    expect(second).toMatchObject({ sql: 'SELECT pg_sleep($1)', calls: 1, totalMs: 5 })
    expect(first?.fingerprint).toMatch(/^[0-9a-f]{16}$/)
  })

  test('keeps a statement the parser cannot read, by its text', async () => {
    const costs = new StatementCosts()
    costs.add('SELEKT nonsense', 1)
    expect(await costs.slowest(5)).toEqual([
      { fingerprint: 'text:SELEKT nonsense', sql: 'SELEKT nonsense', calls: 1, totalMs: 1, maxMs: 1 },
    ])
  })
})
