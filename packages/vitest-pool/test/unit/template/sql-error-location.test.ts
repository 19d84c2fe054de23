import { describe, expect, it } from 'vitest'
import { sqlErrorLocation } from '../../../src/template/sql-error-location'

describe('sqlErrorLocation', () => {
  it('turns a character offset into line, column and the line text', () => {
    const sql = 'CREATE TABLE a (id int);\nCREATE TABLE b (id int REFERENCES missing);\n'
    const offset = sql.indexOf('missing') + 1
    expect(sqlErrorLocation(sql, String(offset))).toEqual({
      line: 2,
      column: 35,
      lineText: 'CREATE TABLE b (id int REFERENCES missing);',
    })
  })

  it('counts characters, not bytes, as PostgreSQL does', () => {
    const sql = "SELECT 'é€' ||\n  nope"
    expect(sqlErrorLocation(sql, sql.indexOf('nope') + 1)).toMatchObject({ line: 2, column: 3 })
  })

  it('is undefined without a position', () => {
    expect(sqlErrorLocation('SELECT 1', undefined)).toBeUndefined()
    expect(sqlErrorLocation('SELECT 1', '0')).toBeUndefined()
  })
})
