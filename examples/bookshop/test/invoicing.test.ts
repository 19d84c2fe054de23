import { afterAll, afterEach, describe, expect, test } from 'vitest'
import { issueInvoice } from '../src/invoices'
import { pool, resetDatabase } from './helpers/db'

describe('invoicing', () => {
  afterEach(resetDatabase)
  afterAll(() => pool.end())

  test('numbers continue after the last invoice, without gaps', async () => {
    await expect(issueInvoice(2)).resolves.toBe('INV-000003')
    await expect(issueInvoice(5)).resolves.toBe('INV-000004')
  })

  test('an order is invoiced only once', async () => {
    await expect(issueInvoice(1)).rejects.toThrow('duplicate key value violates unique constraint')
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM invoices')
    expect(rows[0].n).toBe(2)
  })

  test('every invoice belongs to an order', async () => {
    await expect(issueInvoice(404)).rejects.toThrow('violates foreign key constraint')
  })
})
