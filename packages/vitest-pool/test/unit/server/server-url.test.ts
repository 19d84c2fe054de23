import { describe, expect, test } from 'vitest'
import { checkServerUrl } from '../../../src/server/server-url'

describe('checkServerUrl', () => {
  test.each([
    ['postgres://app:s3cret@db:notaport/shop', /is not a valid URL/],
    ['postgres://app:s3#cret@db:5432/shop', /is not a valid URL|names no host/],
    ['mysql://app:s3cret@db/shop', /is not a PostgreSQL URL/],
    ['postgres://app:s3cret@/shop', /is not a valid URL|names no host/],
  ])('%s is a one-line config error that never shows the password', (url, reason) => {
    let error: unknown
    try {
      checkServerUrl(url)
    } catch (caught) {
      error = caught
    }
    expect(error).toMatchObject({ code: 'DBSAFE_CONFIG_INVALID', cause: undefined })
    const message = (error as Error).message
    expect(message).toMatch(reason)
    expect(message).not.toContain('s3cret')
    expect(message).not.toContain('cret@')
  })

  test('a usable URL passes', () => {
    expect(() => checkServerUrl('postgres://postgres@127.0.0.1:5432/postgres')).not.toThrow()
    expect(() => checkServerUrl('postgresql://u:p%23w@db/postgres?sslmode=disable')).not.toThrow()
  })
})
