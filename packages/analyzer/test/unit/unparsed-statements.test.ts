import { beforeAll, expect, test } from 'vitest'
import { classifySql, loadSqlParser } from '../../src/sql/classify-sql'

beforeAll(() => loadSqlParser())

test('a text that does not parse is judged statement by statement: a later statement is not hidden', () => {
  const { effects, parseError } = classifySql(
    'IF DB_ID(:name) IS NOT NULL DROP DATABASE :name:; CREATE DATABASE :name: COLLATE Latin1_General_CS_AS',
  )
  expect(parseError).toBeDefined()
  expect(effects.map((effect) => effect.level)).toEqual(['sequential'])
  expect(effects[0]?.text).toMatch(/^CREATE DATABASE/)
})

test('the statements that do parse among them keep their exact reading', () => {
  const { effects } = classifySql('SELEC 1; DELETE FROM carts WHERE id = 1; SELECT 2')
  expect(effects).toMatchObject([
    { level: 'isolated-writes', text: 'DELETE FROM carts WHERE id = 1', op: 'delete' },
    { level: 'read-only', text: 'SELECT 2' },
  ])
})

test('one statement that does not parse is still judged by its first keyword', () => {
  const { effects } = classifySql('INSERT INTO carts VALUES (:id)')
  expect(effects).toMatchObject([{ level: 'isolated-writes', op: 'write' }])
  expect(effects[0]?.text).toMatch(/judged by its first keyword/)
})

test('replication commands are sequential, alone or among other statements', () => {
  expect(classifySql('DROP_REPLICATION_SLOT audit WAIT').effects).toMatchObject([{ level: 'sequential' }])
  expect(classifySql('IDENTIFY_SYSTEM; START_REPLICATION SLOT audit LOGICAL 0/0').effects).toHaveLength(2)
})
