import { describe, expect, it } from 'vitest'
import { databaseEnv, databaseEnvKeys } from '../../../src/server/database-env'

describe('databaseEnv', () => {
  it('sets the URL variable and the libpq variables', () => {
    const url = 'postgres://app%40x:s%3Acret@127.0.0.1:54321/dbsafe_1a2b3c4d_c1'
    expect(databaseEnv(url)).toEqual({
      DATABASE_URL: url,
      PGHOST: '127.0.0.1',
      PGPORT: '54321',
      PGUSER: 'app@x',
      PGPASSWORD: 's:cret',
      PGDATABASE: 'dbsafe_1a2b3c4d_c1',
    })
  })

  it('uses the configured URL variable, the default port and a socket host', () => {
    const env = databaseEnv('postgres://postgres@localhost/db?host=/var/run/postgresql', {
      urlVariable: 'PG_URL',
    })
    expect(env).toMatchObject({ PG_URL: expect.any(String), PGPORT: '5432', PGHOST: '/var/run/postgresql' })
    expect(env).not.toHaveProperty('PGPASSWORD')
    expect(Object.keys(env).every((key) => databaseEnvKeys({ urlVariable: 'PG_URL' }).includes(key))).toBe(
      true,
    )
  })
})
