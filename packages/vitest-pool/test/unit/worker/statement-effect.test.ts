import { classifySql, loadSqlParser } from '@dbsafe/analyzer'
import { EFFECT_LEVEL, type EffectKind, maxLevel } from '@dbsafe/core'
import { beforeAll, describe, expect, test } from 'vitest'
import { statementEffect, withoutLiterals } from '../../../src/worker/statement-effect'

const CASES: ReadonlyArray<readonly [string, EffectKind | undefined]> = [
  ['SELECT * FROM orders WHERE id = $1', 'read'],
  ['  /* knex */ select count(*) from "orders"', 'read'],
  ["SELECT 'insert into audit' AS note", 'read'],
  ['SELECT * FROM jobs FOR UPDATE SKIP LOCKED', 'write'],
  ['select id from jobs for no key update', 'write'],
  ['SELECT id INTO archive FROM orders', 'ddl'],
  ['SELECT id INTO TEMP recent FROM orders', 'write'],
  ['WITH moved AS (DELETE FROM orders RETURNING *) SELECT count(*) FROM moved', 'write'],
  ['WITH recent AS (SELECT * FROM orders) SELECT * FROM recent', 'read'],
  ['EXPLAIN SELECT * FROM orders', 'read'],
  ['EXPLAIN ANALYZE DELETE FROM orders', 'write'],
  ['explain (analyze, buffers) insert into orders (item) values ($1)', 'write'],
  ['INSERT INTO orders (item) VALUES ($1) RETURNING id', 'write'],
  ["insert into orders (item) values (nextval('order_numbers'))", 'sequence'],
  ['UPDATE orders SET item = $1', 'write'],
  ['DELETE FROM orders', 'write'],
  ['TRUNCATE orders RESTART IDENTITY', 'write'],
  ['MERGE INTO orders o USING incoming i ON o.id = i.id WHEN MATCHED THEN DELETE', 'write'],
  ['COPY orders FROM STDIN', 'write'],
  ['COPY orders TO STDOUT', 'read'],
  ['LOCK TABLE orders IN EXCLUSIVE MODE', 'write'],
  ['CREATE TEMP TABLE scratch (id int)', 'write'],
  ['CREATE TABLE reviews (id serial primary key)', 'ddl'],
  ['create index concurrently orders_item on orders (item)', 'ddl'],
  ['ALTER TABLE orders ADD COLUMN note text', 'ddl'],
  ['DROP TABLE IF EXISTS reviews', 'ddl'],
  ['GRANT SELECT ON orders TO reporting', 'ddl'],
  ['GRANT reporting TO app', 'cluster'],
  ['COMMENT ON TABLE orders IS $$the orders; and more$$', 'ddl'],
  ['CREATE ROLE reporting NOLOGIN', 'cluster'],
  ['create user app', 'cluster'],
  ['ALTER ROLE app SET search_path = app', 'cluster'],
  ['DROP ROLE IF EXISTS reporting', 'cluster'],
  ['CREATE DATABASE scratch', 'cluster'],
  ['DROP DATABASE scratch', 'cluster'],
  ["ALTER SYSTEM SET work_mem = '64MB'", 'cluster'],
  ['SELECT pg_terminate_backend(pid) FROM pg_stat_activity', 'cluster'],
  ['SELECT pg_reload_conf()', 'cluster'],
  ["SELECT pg_create_logical_replication_slot('s', 'pgoutput')", 'cluster'],
  ['CHECKPOINT', 'cluster'],
  ['LISTEN jobs', 'notify'],
  ["NOTIFY jobs, 'order-1'", 'notify'],
  ["SELECT pg_notify('jobs', $1)", 'notify'],
  ['SELECT pg_advisory_lock(42)', 'advisory-lock'],
  ['select pg_try_advisory_xact_lock(1, 2)', 'advisory-lock'],
  ["SELECT nextval('order_numbers')", 'sequence'],
  ["SELECT setval('order_numbers', 1)", 'sequence'],
  ['VACUUM orders', 'not-transactional'],
  ['REINDEX TABLE CONCURRENTLY orders', 'not-transactional'],
  ['ANALYZE orders', 'write'],
  ['BEGIN', undefined],
  ['COMMIT', undefined],
  ['SAVEPOINT s1', undefined],
  ['SET search_path TO app', undefined],
  ['SHOW server_version', 'read'],
  ['UNLISTEN *', undefined],
  ['DO $$ BEGIN PERFORM 1; END $$', undefined],
]

describe('statementEffect', () => {
  test.each(CASES)('%s → %s', (sql, kind) => {
    expect(statementEffect(sql)?.kind).toBe(kind)
  })

  test('a text of several statements takes its strongest, and names it', () => {
    expect(statementEffect("BEGIN; INSERT INTO orders (item) VALUES ('tea'); CREATE ROLE x; COMMIT")).toEqual(
      {
        kind: 'cluster',
        statement: 'CREATE ROLE x',
      },
    )
  })

  test('keywords inside literals, quoted identifiers and dollar quotes are not the statement’s own', () => {
    expect(withoutLiterals(`SELECT 'for update', "insert", $fn$ delete $fn$, E'it''s'`)).toBe(
      `SELECT '', "", $fn$$fn$, E''`,
    )
    expect(statementEffect(`SELECT 'CREATE ROLE x', "delete" FROM orders`)?.kind).toBe('read')
  })

  describe('agrees with the analyzer (PostgreSQL’s parser) on the level of every statement it judges', () => {
    beforeAll(() => loadSqlParser())
    test.each(CASES.filter(([, kind]) => kind !== undefined))('%s', (sql, kind) => {
      const analyzer = maxLevel(classifySql(sql).effects.map((effect) => effect.level))
      expect(EFFECT_LEVEL[kind as EffectKind]).toBe(analyzer)
    })
  })
})
