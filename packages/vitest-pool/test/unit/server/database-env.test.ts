import { describe, expect, it } from 'vitest'
import { databaseEnv, databaseEnvKeys, fileConnection } from '../../../src/server/database-env'

const URL_WITH_ALL = 'postgres://app%40x:s%3Acret@127.0.0.1:54321/dbsafe_1a2b3c4d_c1'

describe('databaseEnv', () => {
  it('sets the URL variable and the libpq variables', () => {
    expect(databaseEnv(URL_WITH_ALL)).toEqual({
      DATABASE_URL: URL_WITH_ALL,
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

  it('routes each variable of `env` to its part of the connection (pg-boss, PowerSync)', () => {
    const env = databaseEnv(URL_WITH_ALL, {
      env: {
        TEST_DATABASE_URL: 'url',
        PS_STORAGE_URL: 'url',
        POSTGRES_HOST: 'host',
        POSTGRES_PORT: 'port',
        POSTGRES_USER: 'user',
        POSTGRES_PASSWORD: 'password',
        POSTGRES_DB: 'database',
      },
    })
    expect(env).toMatchObject({
      DATABASE_URL: URL_WITH_ALL,
      PGHOST: '127.0.0.1',
      TEST_DATABASE_URL: URL_WITH_ALL,
      PS_STORAGE_URL: URL_WITH_ALL,
      POSTGRES_HOST: '127.0.0.1',
      POSTGRES_PORT: '54321',
      POSTGRES_USER: 'app@x',
      POSTGRES_PASSWORD: 's:cret',
      POSTGRES_DB: 'dbsafe_1a2b3c4d_c1',
    })
  })

  it('gives a function every part, and lets `env` win over the URL variable and PG*', () => {
    const env = databaseEnv(URL_WITH_ALL, {
      env: {
        DB_HOST_PORT: ({ host, port }) => `${host}:${port}`,
        PGHOST: () => 'pgbouncer.local',
        DATABASE_URL: ({ url }) => `${url}?sslmode=disable`,
      },
    })
    expect(env.DB_HOST_PORT).toBe('127.0.0.1:54321')
    expect(env.PGHOST).toBe('pgbouncer.local')
    expect(env.DATABASE_URL).toBe(`${URL_WITH_ALL}?sslmode=disable`)
  })

  it('leaves out an empty part, so the variable is removed rather than inherited', () => {
    const env = databaseEnv('postgres://127.0.0.1:5432/db', {
      env: { POSTGRES_USER: 'user', POSTGRES_PASSWORD: 'password', EMPTY: () => '' },
    })
    expect(env).not.toHaveProperty('POSTGRES_USER')
    expect(env).not.toHaveProperty('POSTGRES_PASSWORD')
    expect(env).not.toHaveProperty('EMPTY')
    expect(databaseEnvKeys({ env: { POSTGRES_USER: 'user', POSTGRES_PASSWORD: 'password' } })).toEqual(
      expect.arrayContaining(['POSTGRES_USER', 'POSTGRES_PASSWORD']),
    )
  })

  it('refuses an `env` function that returns no string, without printing the connection', () => {
    const route = (() => undefined) as unknown as () => string
    expect(() => databaseEnv(URL_WITH_ALL, { env: { BROKEN: route } })).toThrow(
      expect.objectContaining({
        code: 'DBSAFE_CONFIG_INVALID',
        message: expect.not.stringContaining('s:cret'),
      }),
    )
  })
})

describe('databaseEnvKeys', () => {
  it('lists the URL variable, PG* and every routed variable once: what a none file must not inherit', () => {
    expect(
      databaseEnvKeys({
        urlVariable: 'PG_URL',
        env: { POSTGRES_HOST: 'host', PGHOST: 'host', PG_URL: 'url' },
      }),
    ).toEqual(['PG_URL', 'PGHOST', 'PGPORT', 'PGUSER', 'PGPASSWORD', 'PGDATABASE', 'POSTGRES_HOST'])
  })
})

describe('fileConnection', () => {
  it('splits a URL, an IPv6 host without brackets', () => {
    expect(fileConnection('postgres://u@[::1]:6543/d%20b')).toEqual({
      url: 'postgres://u@[::1]:6543/d%20b',
      host: '::1',
      port: '6543',
      user: 'u',
      password: '',
      database: 'd b',
    })
  })
})
