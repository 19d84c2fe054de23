import { describe, expect, test } from 'vitest'
import { splitStatements, stripLeadingComments } from '../../../src/worker/split-statements'

describe('splitStatements', () => {
  test.each([
    ['SELECT 1', ['SELECT 1']],
    ['SELECT 1;', ['SELECT 1']],
    ['BEGIN; INSERT INTO t VALUES (1); COMMIT', ['BEGIN', ' INSERT INTO t VALUES (1)', ' COMMIT']],
    ["SELECT 'a;b'; SELECT 2", ["SELECT 'a;b'", ' SELECT 2']],
    ["SELECT 'it''s;'; SELECT 2", ["SELECT 'it''s;'", ' SELECT 2']],
    ["SELECT E'\\';'; SELECT 2", ["SELECT E'\\';'", ' SELECT 2']],
    ['SELECT "a;b" FROM t; SELECT 2', ['SELECT "a;b" FROM t', ' SELECT 2']],
    [
      'DO $$ BEGIN PERFORM 1; COMMIT; END $$; SELECT 2',
      ['DO $$ BEGIN PERFORM 1; COMMIT; END $$', ' SELECT 2'],
    ],
    ['DO $body$ x; $$ y; $body$; SELECT 2', ['DO $body$ x; $$ y; $body$', ' SELECT 2']],
    ['SELECT $1; SELECT 2', ['SELECT $1', ' SELECT 2']],
    ['SELECT 1 -- a; comment\n; SELECT 2', ['SELECT 1 -- a; comment\n', ' SELECT 2']],
    ['SELECT /* a; /* nested; */ b; */ 1; SELECT 2', ['SELECT /* a; /* nested; */ b; */ 1', ' SELECT 2']],
    ['SELECT 1;; -- only a comment\n;', ['SELECT 1']],
  ])('%j', (sql, statements) => {
    expect(splitStatements(sql)).toEqual(statements)
  })
})

describe('stripLeadingComments', () => {
  test('drops whitespace, line and block comments before the statement', () => {
    expect(stripLeadingComments('  -- why\n /* what */\n\tCOMMIT')).toBe('COMMIT')
    expect(stripLeadingComments('-- nothing else')).toBe('')
  })
})
