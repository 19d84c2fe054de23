import { describe, expect, test } from 'vitest'
import { classifyStatement } from '../../../src/worker/classify-statement'

describe('classifyStatement', () => {
  test.each([
    ['BEGIN', { kind: 'begin' }],
    ['begin isolation level serializable', { kind: 'begin' }],
    ['  /* knex */ START TRANSACTION READ WRITE', { kind: 'begin' }],
    ['start transaction isolation level repeatable read', { kind: 'begin' }],
    ['COMMIT', { kind: 'commit', chain: false }],
    ['end transaction', { kind: 'commit', chain: false }],
    ['COMMIT AND CHAIN', { kind: 'commit', chain: true }],
    ['COMMIT AND NO CHAIN', { kind: 'commit', chain: false }],
    ['ROLLBACK', { kind: 'rollback', chain: false }],
    ['abort', { kind: 'rollback', chain: false }],
    ['ROLLBACK TO SAVEPOINT sp', { kind: 'other' }],
    ['rollback to sp', { kind: 'other' }],
    ['SAVEPOINT sp', { kind: 'other' }],
    ['SET TRANSACTION ISOLATION LEVEL SERIALIZABLE', { kind: 'set-transaction' }],
    ['SET search_path TO app', { kind: 'other' }],
    ['LISTEN jobs', { kind: 'listen' }],
    ['VACUUM ANALYZE accounts', { kind: 'not-transactional', what: 'VACUUM' }],
    [
      'create unique index concurrently i on t (a)',
      { kind: 'not-transactional', what: 'CREATE INDEX CONCURRENTLY' },
    ],
    ['CREATE INDEX i ON t (a)', { kind: 'other' }],
    ['DROP INDEX CONCURRENTLY i', { kind: 'not-transactional', what: 'DROP INDEX CONCURRENTLY' }],
    ['REINDEX TABLE CONCURRENTLY t', { kind: 'not-transactional', what: 'REINDEX CONCURRENTLY' }],
    ['REINDEX TABLE t', { kind: 'other' }],
    ['CREATE DATABASE x', { kind: 'not-transactional', what: 'CREATE DATABASE' }],
    ['DROP DATABASE IF EXISTS x', { kind: 'not-transactional', what: 'DROP DATABASE' }],
    ["ALTER SYSTEM SET work_mem = '64MB'", { kind: 'not-transactional', what: 'ALTER SYSTEM' }],
    ['ALTER TABLE t ADD COLUMN c int', { kind: 'other' }],
    ['CLUSTER', { kind: 'not-transactional', what: 'CLUSTER' }],
    ['CLUSTER t USING i', { kind: 'other' }],
    ["PREPARE TRANSACTION 'x'", { kind: 'not-transactional', what: 'PREPARE TRANSACTION' }],
    ['PREPARE q AS SELECT 1', { kind: 'other' }],
    ["COMMIT PREPARED 'x'", { kind: 'not-transactional', what: 'COMMIT PREPARED' }],
    ['SELECT begin FROM t', { kind: 'other' }],
  ])('%s', (sql, expected) => {
    expect(classifyStatement(sql)).toEqual(expected)
  })
})
