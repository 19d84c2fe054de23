import { describe, expect, test } from 'vitest'
import { isolationFor } from '../../../src/pool/isolation-for'

describe('isolationFor', () => {
  test('follows the level by default', () => {
    expect(isolationFor({ level: 'none', clients: [] })).toBe('no-database')
    expect(isolationFor({ level: 'read-only', clients: ['postgres'] })).toBe('read-only-clone')
    expect(isolationFor({ level: 'isolated-writes', clients: ['pg', 'knex'] })).toBe('transaction-rollback')
    expect(isolationFor({ level: 'schema-changes', clients: ['pg'] })).toBe('fresh-database')
    expect(isolationFor({ level: 'sequential', clients: ['pg'] })).toBe('exclusive')
  })

  test('isolated-writes with a client outside node-postgres gets a database reset per file', () => {
    expect(isolationFor({ level: 'isolated-writes', clients: ['postgres'] })).toBe('reset-per-file')
    expect(isolationFor({ level: 'isolated-writes', clients: ['@neondatabase/serverless', 'pg'] })).toBe(
      'reset-per-file',
    )
    expect(isolationFor({ level: 'isolated-writes', clients: ['@mikro-orm/postgresql'] })).toBe(
      'transaction-rollback',
    )
  })

  test('Prisma on @prisma/adapter-pg is node-postgres underneath: a transaction per test', () => {
    expect(isolationFor({ level: 'isolated-writes', clients: ['@prisma/adapter-pg', 'pg'] })).toBe(
      'transaction-rollback',
    )
    expect(isolationFor({ level: 'isolated-writes', clients: ['@prisma/client'] })).toBe('reset-per-file')
  })

  test('isolated-writes with no recognised client gets a database reset per file, never a transaction', () => {
    expect(isolationFor({ level: 'isolated-writes', clients: [] })).toBe('reset-per-file')
  })
})
