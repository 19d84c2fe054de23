import { describe, expect, test } from 'vitest'
import { applyFileEnv, NO_DATABASE_HOST, noDatabaseEnv } from '../../../src/worker/file-env'

describe('noDatabaseEnv', () => {
  test('drops the database variables, every PG* variable and the admin URL, and points PGHOST nowhere', () => {
    const env = noDatabaseEnv(
      {
        PATH: '/bin',
        DATABASE_URL: 'postgres://app@db/app',
        TEST_DB_URL: 'postgres://app@db/other',
        PGHOST: 'localhost',
        PGSERVICE: 'prod',
        PGSSLMODE: 'require',
        DBSAFE_URL: 'postgres://postgres:secret@db/postgres',
        PAGER: 'less',
        UNSET: undefined,
      },
      ['DATABASE_URL', 'TEST_DB_URL'],
    )
    expect(env).toEqual({ PATH: '/bin', PAGER: 'less', PGHOST: NO_DATABASE_HOST })
  })
})

describe('applyFileEnv', () => {
  const baseline = () => ({ PATH: '/bin', PGHOST: NO_DATABASE_HOST }) as NodeJS.ProcessEnv

  test("sets the file's variables, removes the unset ones, and restores exactly the baseline", () => {
    const env = { ...baseline(), DATABASE_URL: 'stale' }
    const restore = applyFileEnv(env, {
      set: { DATABASE_URL: 'postgres://u@h/db_1', PGHOST: 'h', PGDATABASE: 'db_1' },
      unset: ['DATABASE_URL', 'PGHOST', 'PGDATABASE'],
    })
    expect(env).toEqual({
      PATH: '/bin',
      DATABASE_URL: 'postgres://u@h/db_1',
      PGHOST: 'h',
      PGDATABASE: 'db_1',
    })
    restore()
    expect(env).toEqual({ ...baseline(), DATABASE_URL: 'stale' })
  })

  test('a file at level none gets PGHOST pointing nowhere and no other database variable', () => {
    const env = { PATH: '/bin', PGHOST: 'leaked', PGUSER: 'me', DATABASE_URL: 'leaked' } as NodeJS.ProcessEnv
    applyFileEnv(env, { set: {}, unset: ['DATABASE_URL', 'PGHOST', 'PGPORT', 'PGUSER'] })
    expect(env).toEqual({ PATH: '/bin', PGHOST: NO_DATABASE_HOST })
  })

  test("PG* variables the file's own code set are gone after the restore", () => {
    const env = baseline()
    const restore = applyFileEnv(env, { set: { PGHOST: 'h' }, unset: [] })
    env.PGSSLMODE = 'disable'
    env.PGHOST = 'elsewhere'
    env.OTHER = 'kept'
    restore()
    expect(env).toEqual({ ...baseline(), OTHER: 'kept' })
  })
})
