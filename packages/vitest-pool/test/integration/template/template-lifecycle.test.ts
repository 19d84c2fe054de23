import { isDbsafeError } from '@dbsafe/core'
import { describe, expect, it } from 'vitest'
import { testServers, withAdminClient } from '../../../../../test/utils/test-servers'
import {
  databasesWithPrefix,
  projectWith,
  provisionerFor,
  uniquePrefix,
  writeFiles,
} from '../provision/project-fixture'

const BOOKS = {
  'migrations/001_books.sql': 'CREATE TABLE books (id serial PRIMARY KEY, title text NOT NULL);',
}

async function databaseOid(adminUrl: string, name: string): Promise<number | undefined> {
  return withAdminClient(adminUrl, async (client) => {
    const { rows } = await client.query<{ oid: number }>('SELECT oid FROM pg_database WHERE datname = $1', [
      name,
    ])
    return rows[0]?.oid
  })
}

describe.each(testServers())('template on $name', ({ adminUrl }) => {
  it('is reused by a second provisioner: no migration runs again', async () => {
    const databasePrefix = uniquePrefix()
    const root = await projectWith(BOOKS)
    let migrationRuns = 0
    const options = {
      root,
      url: adminUrl,
      databasePrefix,
      templateInputs: ['migrations/**'],
      cloneStrategy: 'auto' as const,
      migrations: async (url: string) => {
        migrationRuns++
        const pg = (await import('pg')).default
        const client = new pg.Client({ connectionString: url })
        await client.connect()
        await client.query('CREATE TABLE books (id serial PRIMARY KEY, title text)')
        await client.end()
      },
    }
    const first = await provisionerFor(options)
    const built = await first.template()
    expect(built).toMatchObject({ built: true, migrationsApplied: 1, calibration: undefined })
    const oid = await databaseOid(adminUrl, built.name)
    // The run's own clones choose the clone strategy; the choice is stored beside the template.
    for (let lease = 0; lease < 12 && first.calibration() === undefined; lease++) {
      await (await first.lease('fresh')).release('dirty')
    }
    const calibration = first.calibration()!
    expect(Object.keys(calibration.cloneMs).length).toBeGreaterThanOrEqual(2)
    expect(calibration.cloneMs[calibration.strategy]).toBe(Math.min(...Object.values(calibration.cloneMs)))
    await first.close()

    const second = await provisionerFor(options)
    const reused = await second.template()
    expect(reused).toMatchObject({
      name: built.name,
      built: false,
      buildMs: 0,
      migrationsApplied: 0,
      calibration,
    })
    expect(second.calibration()).toEqual(calibration)
    expect(migrationRuns).toBe(1)
    expect(await databaseOid(adminUrl, built.name)).toBe(oid)
  })

  it('is rebuilt when an input changes; outdated and half-built templates of the project are dropped', async () => {
    const databasePrefix = uniquePrefix()
    const root = await projectWith(BOOKS)
    const options = {
      root,
      url: adminUrl,
      databasePrefix,
      migrations: 'migrations',
    }
    const first = await provisionerFor(options)
    const before = await first.template()
    await first.close()

    // A builder of another fingerprint that crashed half-way: same project, never completed.
    const halfBuilt = `${databasePrefix}_tpl_deadbeefdeadbeef`
    await withAdminClient(adminUrl, async (client) => {
      const { rows } = await client.query<{ comment: string }>(
        `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`,
        [before.name],
      )
      const marker = { ...JSON.parse(rows[0]!.comment), state: 'building', fingerprint: 'deadbeef' }
      await client.query(`CREATE DATABASE "${halfBuilt}"`)
      await client.query(`COMMENT ON DATABASE "${halfBuilt}" IS '${JSON.stringify(marker)}'`)
    })
    await writeFiles(root, { 'migrations/002_isbn.sql': 'ALTER TABLE books ADD COLUMN isbn text;' })
    const second = await provisionerFor(options)
    const after = await second.template()
    expect(after.built).toBe(true)
    expect(after.migrationsApplied).toBe(2)
    expect(after.fingerprint).not.toBe(before.fingerprint)
    expect(await databasesWithPrefix(adminUrl, databasePrefix)).toEqual([after.name])
  })

  it('is built once when two provisioners start together', async () => {
    const databasePrefix = uniquePrefix()
    const root = await projectWith({
      'migrations/001_slow.sql': 'SELECT pg_sleep(0.3); CREATE TABLE books (id int);',
    })
    const options = {
      root,
      url: adminUrl,
      databasePrefix,
      migrations: 'migrations',
    }
    const [a, b] = await Promise.all([provisionerFor(options), provisionerFor(options)])
    const [ta, tb] = await Promise.all([a.template(), b.template()])
    expect(ta.name).toBe(tb.name)
    expect([ta.built, tb.built].sort()).toEqual([false, true])
    const [la, lb] = await Promise.all([a.lease('worker'), b.lease('worker')])
    expect(la.name).not.toBe(lb.name)
  })

  it('drops a half-built template left by a crashed builder and builds it again', async () => {
    const databasePrefix = uniquePrefix()
    const root = await projectWith(BOOKS)
    const options = {
      root,
      url: adminUrl,
      databasePrefix,
      migrations: 'migrations',
    }
    const first = await provisionerFor(options)
    const { name } = await first.template()
    await first.close()
    await withAdminClient(adminUrl, async (client) => {
      await client.query(`ALTER DATABASE "${name}" IS_TEMPLATE false`)
      await client.query(`DROP DATABASE "${name}"`)
      await client.query(`CREATE DATABASE "${name}"`)
    })
    const second = await provisionerFor(options)
    expect(await second.template()).toMatchObject({ name, built: true })
    const lease = await second.lease('worker')
    await withAdminClient(lease.url, (client) => client.query('SELECT count(*) FROM books'))
  })

  it('names the migration file, line and column when a migration fails, and keeps nothing half-built', async () => {
    const databasePrefix = uniquePrefix()
    const root = await projectWith({
      ...BOOKS,
      'migrations/002_seed_books.sql':
        "-- first books\nINSERT INTO books (title)\nVALUES ('Dune'), (titel);\n",
    })
    const provisioner = await provisionerFor({
      root,
      url: adminUrl,
      databasePrefix,
      migrations: 'migrations',
    })
    const error = await provisioner.ensureTemplate().catch((e: unknown) => e)
    expect(isDbsafeError(error, 'DBSAFE_TEMPLATE_BUILD_FAILED')).toBe(true)
    expect((error as Error).message).toContain('migrations/002_seed_books.sql failed at line 3, column 19')
    expect((error as Error).message).toContain('column "titel" does not exist (SQLSTATE 42703)')
    await expect(provisioner.lease('worker')).rejects.toMatchObject({ code: 'DBSAFE_TEMPLATE_BUILD_FAILED' })
    expect(await databasesWithPrefix(adminUrl, databasePrefix)).toEqual([])
  })
})
