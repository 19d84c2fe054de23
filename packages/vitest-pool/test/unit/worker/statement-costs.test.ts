import { describe, expect, test } from 'vitest'
import { StatementCosts } from '../../../src/worker/statement-costs'

describe('StatementCosts', () => {
  test('merges statements that differ only in constants, costliest first', async () => {
    const costs = new StatementCosts()
    costs.add('SELECT * FROM books WHERE id = 1', 22)
    costs.add('SELECT * FROM books WHERE id = 2', 23)
    costs.add('select *   from books where id = $1', 21)
    costs.add('SELECT pg_sleep(1)', 25)
    costs.add('SELECT 1', 1)
    const [first, second, ...rest] = await costs.slowest(5)
    expect(rest).toEqual([])
    expect(first).toMatchObject({
      sql: 'SELECT * FROM books WHERE id = $1',
      calls: 3,
      totalMs: 66,
      maxMs: 23,
    })
    expect(second).toMatchObject({ sql: 'SELECT pg_sleep($1)', calls: 1, totalMs: 25 })
    expect(first?.fingerprint).toMatch(/^[0-9a-f]{16}$/)
  })

  test('keeps a statement the parser cannot read, by its text', async () => {
    const costs = new StatementCosts()
    costs.add('SELEKT nonsense', 30)
    expect(await costs.slowest(5)).toEqual([
      { fingerprint: 'text:SELEKT nonsense', sql: 'SELEKT nonsense', calls: 1, totalMs: 30, maxMs: 30 },
    ])
  })

  test('lists nothing when no statement was slow', async () => {
    const costs = new StatementCosts()
    for (let id = 0; id < 10; id++) costs.add(`SELECT * FROM books WHERE id = ${id}`, 1)
    expect(await costs.slowest(5)).toEqual([])
  })
})
