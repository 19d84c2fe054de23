import { describe, expect, it } from 'vitest'
import { databaseNameOf, redactConnectionString, toRootRelative, withDatabase } from '../../src/index'

describe('connection strings', () => {
  it('never shows a password', () => {
    expect(redactConnectionString('postgres://app:s3cret@db:5432/shop')).toBe(
      'postgres://app:***@db:5432/shop',
    )
    expect(redactConnectionString('postgres://db/shop?password=s3cret')).not.toContain('s3cret')
    expect(redactConnectionString('host=db password=s3cret dbname=shop')).toBe(
      'host=db password=*** dbname=shop',
    )
    expect(redactConnectionString('postgres://app@db/shop')).toBe('postgres://app@db/shop')
  })

  it.each([
    [
      'a port that is not a number',
      'postgres://app:s3cret@db:notaport/shop',
      'postgres://app:***@db:notaport/shop',
    ],
    ['a # in the password', 'postgres://app:s3#cret@db:5432/shop', 'postgres://app:***@db:5432/shop'],
    ['a / in the password', 'postgresql://app:s3/cr/et@db/shop', 'postgresql://app:***@db/shop'],
    [
      'an @ in the password',
      'postgres://app:s3@cret@db/shop?sslmode=require',
      'postgres://app:***@db/shop?sslmode=require',
    ],
    ['no user', 'postgres://:s3cret@db/shop', 'postgres://:***@db/shop'],
    [
      'a quoted key/value password',
      "host=db password='s3 cret' dbname=shop",
      'host=db password=*** dbname=shop',
    ],
    [
      'a query parameter',
      'postgres://db/shop?sslmode=require&password=s3cret',
      'postgres://db/shop?sslmode=require&password=***',
    ],
  ])('never shows a password, without parsing the URL: %s', (_, input, expected) => {
    expect(redactConnectionString(input)).toBe(expected)
  })

  it('reads and replaces the database name', () => {
    expect(databaseNameOf('postgres://app:pw@db:5432/shop_test')).toBe('shop_test')
    expect(databaseNameOf('not a url')).toBeUndefined()
    expect(withDatabase('postgres://app:pw@db:5432/postgres?sslmode=disable', 'dbsafe_w1')).toBe(
      'postgres://app:pw@db:5432/dbsafe_w1?sslmode=disable',
    )
  })

  it('makes paths root-relative with forward slashes', () => {
    expect(toRootRelative('/repo/app', '/repo/app/test/a.test.ts')).toBe('test/a.test.ts')
    expect(toRootRelative('/repo/app/', './test/a.test.ts')).toBe('test/a.test.ts')
  })
})
