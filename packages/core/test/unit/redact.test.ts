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
