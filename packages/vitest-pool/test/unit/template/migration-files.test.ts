import { describe, expect, it } from 'vitest'
import { compareMigrationNames } from '../../../src/template/migration-files'

describe('compareMigrationNames', () => {
  it('orders numbered files numerically, then by name', () => {
    const names = ['10_orders.sql', '2_books.sql', '1_init.sql', '20240301_a.sql', '2_authors.sql']
    expect(names.sort(compareMigrationNames)).toEqual([
      '1_init.sql',
      '2_authors.sql',
      '2_books.sql',
      '10_orders.sql',
      '20240301_a.sql',
    ])
  })

  it('keeps zero-padded names in their written order', () => {
    expect(['002_b.sql', '010_c.sql', '001_a.sql'].sort(compareMigrationNames)).toEqual([
      '001_a.sql',
      '002_b.sql',
      '010_c.sql',
    ])
  })
})
