import type { DbLevel } from '@dbsafe/core'
import { beforeAll, describe, expect, test } from 'vitest'
import { classifySql, loadSqlParser } from '../../src/sql/classify-sql'

beforeAll(() => loadSqlParser())

function levelsOf(sql: string): DbLevel[] {
  return classifySql(sql).effects.map((effect) => effect.level)
}

describe('classifySql', () => {
  test.each<[string, DbLevel]>([
    ['SELECT title FROM books WHERE author = $1', 'read-only'],
    ['WITH x AS (UPDATE books SET stock = 1 RETURNING id) SELECT count(*) FROM x', 'isolated-writes'],
    ['SELECT * FROM books WHERE id = 1 FOR UPDATE', 'isolated-writes'],
    ['SELECT * FROM books FOR NO KEY UPDATE SKIP LOCKED', 'isolated-writes'],
    ['CREATE ROLE reporting LOGIN', 'sequential'],
    ['GRANT reporting TO app', 'sequential'],
    ['GRANT SELECT ON books TO reporting', 'schema-changes'],
    ['VACUUM books', 'shared-writes'],
    ['ANALYZE books', 'isolated-writes'],
    ["SELECT nextval('orders_id_seq')", 'shared-writes'],
    ['SELECT pg_advisory_lock(42)', 'shared-writes'],
    ['EXPLAIN DELETE FROM books', 'read-only'],
    ['EXPLAIN ANALYZE DELETE FROM books', 'isolated-writes'],
    ['CREATE TEMP TABLE scratch (id int)', 'isolated-writes'],
    ['CREATE TABLE pg_temp.scratch (id int)', 'isolated-writes'],
    ["CREATE FUNCTION pg_temp.twice(n int) RETURNS int LANGUAGE sql AS 'SELECT n * 2'", 'isolated-writes'],
    ['DROP FUNCTION pg_temp.twice(int)', 'isolated-writes'],
    ['CREATE TEMP VIEW recent AS SELECT 1', 'isolated-writes'],
    ['CREATE TEMP SEQUENCE tickets', 'isolated-writes'],
    ['CREATE INDEX ON pg_temp.scratch (id)', 'isolated-writes'],
    ["CREATE FUNCTION public.twice(n int) RETURNS int LANGUAGE sql AS 'SELECT n * 2'", 'schema-changes'],
    ['DROP FUNCTION pg_temp.twice(int), public.twice(int)', 'schema-changes'],
    ['CREATE TABLE pg_temporary.scratch (id int)', 'schema-changes'],
    ['CREATE TEMP TABLE scratch_$1 (id int)', 'isolated-writes'],
    ['CREATE FUNCTION pg_temp.f_$1() RETURNS int', 'isolated-writes'],
    ['CREATE TABLE scratch_$1 (id int)', 'schema-changes'],
    ['SELECT * INTO archive FROM books', 'schema-changes'],
    ['TRUNCATE books', 'isolated-writes'],
    ['REINDEX INDEX CONCURRENTLY books_pkey', 'shared-writes'],
    ['CREATE INDEX CONCURRENTLY books_title ON books (title)', 'schema-changes'],
    ['ALTER SYSTEM SET work_mem = 1024', 'sequential'],
    ['SELECT pg_terminate_backend(pid) FROM pg_stat_activity', 'sequential'],
    ['SELECT pg_reload_conf()', 'sequential'],
    ["SELECT pg_create_logical_replication_slot('s', 'pgoutput')", 'sequential'],
    ['DROP DATABASE IF EXISTS shop_eu', 'sequential'],
    ['ALTER DATABASE shop RENAME TO shop2', 'sequential'],
    ['LISTEN order_placed', 'shared-writes'],
    ["NOTIFY order_placed, '1'", 'shared-writes'],
    ['CREATE EXTENSION IF NOT EXISTS pgcrypto', 'schema-changes'],
    ['DO $$ BEGIN PERFORM 1; END $$', 'shared-writes'],
  ])('%s → %s', (sql, level) => {
    expect(levelsOf(sql)).toEqual([level])
  })

  test('classifies every statement of a multi-statement string', () => {
    expect(levelsOf('BEGIN; INSERT INTO a VALUES (1); SELECT 1; COMMIT')).toEqual([
      'isolated-writes',
      'read-only',
    ])
  })

  test('transaction control and SET ROLE are not evidence', () => {
    expect(levelsOf('BEGIN; SET ROLE reporting; SET LOCAL statement_timeout = 10; COMMIT')).toEqual([])
  })

  test('marks deletes and truncates for the hook rules', () => {
    expect(classifySql('DELETE FROM sessions; TRUNCATE orders').effects.map((e) => e.op)).toEqual([
      'delete',
      'truncate',
    ])
  })

  test('text that does not parse falls back to its first keyword, or to nothing', () => {
    expect(classifySql('DELETE FROM WHERE').effects[0]?.level).toBe('isolated-writes')
    expect(classifySql('DELETE FROM WHERE').parseError).toBeDefined()
    expect(classifySql('could not find the book').effects).toEqual([])
  })
})
