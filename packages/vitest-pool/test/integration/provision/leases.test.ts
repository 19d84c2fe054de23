import { withDatabase } from '@dbsafe/core'
import type pg from 'pg'
import { describe, expect, it } from 'vitest'
import { eventually } from '../../../../../test/utils/eventually'
import { prefixedDatabases } from '../../../../../test/utils/prefixed-databases'
import { testServers, withAdminClient } from '../../../../../test/utils/test-servers'
import type { ProvisionerOptions } from '../../../src/provision/provisioner-options'
import { databaseExists } from './database-queries'
import { databasesWithPrefix, projectOptions, projectProvisioner, provisionerFor } from './project-fixture'

const MIGRATIONS = {
  'migrations/001_books.sql': 'CREATE TABLE books (id serial PRIMARY KEY, title text NOT NULL);',
  'migrations/002_stock.sql': 'CREATE TABLE stock (book_id int REFERENCES books, copies int NOT NULL);',
  'seed.sql': "INSERT INTO books (title) VALUES ('Dune'), ('Emma');",
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  return withAdminClient(url, async (client) => (await client.query<T>(sql)).rows)
}

/** A provisioner for a new copy of the books project, under a prefix of its own. */
function booksProvisioner(adminUrl: string, options: Partial<ProvisionerOptions> = {}) {
  return projectProvisioner(adminUrl, MIGRATIONS, options)
}

describe.each(testServers())('leases on $name', ({ adminUrl }) => {
  it('clones the migrated and seeded template for a worker lease', async () => {
    const { provisioner, databasePrefix } = await booksProvisioner(adminUrl, { seed: 'seed.sql' })
    const lease = await provisioner.lease('worker')
    expect(lease.name.startsWith(`${databasePrefix}_`)).toBe(true)
    expect(await query(lease.url, 'SELECT title FROM books ORDER BY id')).toEqual([
      { title: 'Dune' },
      { title: 'Emma' },
    ])
    await lease.release('clean')
  })

  it('reuses a clean worker database and replaces a dirty one with a pristine clone', async () => {
    const { provisioner } = await booksProvisioner(adminUrl, { seed: 'seed.sql' })
    const first = await provisioner.lease('worker')
    await first.release('clean')
    const again = await provisioner.lease('worker')
    expect(again.name).toBe(first.name)
    await query(again.url, "INSERT INTO books (title) VALUES ('Committed')")
    await again.release('dirty')
    const next = await provisioner.lease('worker')
    expect(next.name).not.toBe(first.name)
    expect(await query(next.url, 'SELECT count(*)::int AS n FROM books')).toEqual([{ n: 2 }])
    await next.release('clean')
  })

  it('never hands a released fresh database out again, and drops it when the run closes', async () => {
    const { provisioner } = await booksProvisioner(adminUrl)
    const lease = await provisioner.lease('fresh')
    await query(lease.url, 'ALTER TABLE books ADD COLUMN isbn text')
    await lease.release('dirty')
    const next = await provisioner.lease('fresh')
    expect(next.name).not.toBe(lease.name)
    await next.release('dirty')
    // The drops wait for the close, where they share the server's checkpoints.
    expect(await databaseExists(adminUrl, lease.name)).toBe(true)
    await provisioner.close()
    // After the run, a detached process drops them (this is a server given by URL).
    await eventually(
      async () =>
        !(await databaseExists(adminUrl, lease.name)) && !(await databaseExists(adminUrl, next.name)),
    )
  })

  it('gives read-only files a shared database that rejects writes', async () => {
    const { provisioner } = await booksProvisioner(adminUrl, { seed: 'seed.sql' })
    const shared = await provisioner.readOnlyDatabase()
    expect(await provisioner.readOnlyDatabase()).toEqual(shared)
    expect(await query(shared.url, 'SELECT count(*)::int AS n FROM books')).toEqual([{ n: 2 }])
    await expect(query(shared.url, "INSERT INTO books (title) VALUES ('x')")).rejects.toMatchObject({
      code: '25006',
    })
  })

  it('without keepSpares, drops everything the run created on close, and close is idempotent', async () => {
    const { provisioner, databasePrefix } = await booksProvisioner(adminUrl, {
      warmDatabases: 2,
      keepSpares: false,
    })
    const lease = await provisioner.lease('worker')
    await provisioner.readOnlyDatabase()
    expect(provisioner.ownedDatabases().length).toBeGreaterThanOrEqual(2)
    await Promise.all([provisioner.close(), provisioner.close()])
    const template = (await provisioner.ensureTemplate()).name
    await eventually(async () => (await databasesWithPrefix(adminUrl, databasePrefix)).length === 1)
    expect(await databasesWithPrefix(adminUrl, databasePrefix)).toEqual([template])
    expect(lease.name).toBeTruthy()
  })

  it('leaves the pristine databases as spares at close, and the next run adopts them instead of cloning', async () => {
    const options = await projectOptions(adminUrl, MIGRATIONS, { seed: 'seed.sql' })
    const first = await provisionerFor({ ...options, warmDatabases: 1 })
    const clean = await first.lease('worker')
    const dirty = await first.lease('worker')
    await query(dirty.url, "INSERT INTO books (title) VALUES ('Committed')")
    await dirty.release('dirty')
    await clean.release('clean')
    await first.readOnlyDatabase()
    await eventually(() => first.warmCount() >= 1, 20_000, 'the warm pool filled')
    await first.close()
    const template = (await first.ensureTemplate()).name
    await eventually(async () => !(await databaseExists(adminUrl, dirty.name)))
    const left = await prefixedDatabases(adminUrl, options.databasePrefix)
    expect(left.filter((database) => database.kind === 'run')).toEqual([])
    expect(left.map((database) => database.name)).not.toContain(dirty.name)
    // The clean worker database, the warm clone and the read-only database.
    const spares = left.filter((database) => database.kind === 'spare')
    expect(spares).toHaveLength(3)
    expect(spares.every((spare) => spare.template === template)).toBe(true)

    const second = await provisionerFor({ ...options, warmDatabases: 0 })
    const readOnly = await second.readOnlyDatabase()
    const adopted = [await second.lease('worker'), await second.lease('fresh')]
    expect(
      (await prefixedDatabases(adminUrl, options.databasePrefix)).filter((d) => d.kind === 'spare'),
    ).toEqual([])
    expect(second.ownedDatabases()).toHaveLength(3)
    for (const lease of adopted) {
      expect(await query(lease.url, 'SELECT count(*)::int AS n FROM books')).toEqual([{ n: 2 }])
    }
    // Still the read-only database: sessions cannot write.
    await expect(query(readOnly.url, "INSERT INTO books (title) VALUES ('x')")).rejects.toMatchObject({
      code: '25006',
    })
  })

  it('does not leave the read-only database as a spare when a session wrote to it', async () => {
    const { provisioner, databasePrefix } = await booksProvisioner(adminUrl, { seed: 'seed.sql' })
    const shared = await provisioner.readOnlyDatabase()
    // The files' role cannot write there at all (see least-privilege.test.ts): the admin can.
    await withAdminClient(withDatabase(adminUrl, shared.name), async (client) => {
      await client.query('SET default_transaction_read_only = off')
      await client.query("INSERT INTO books (title) VALUES ('Smuggled in')")
    })
    await provisioner.close()
    await eventually(async () => !(await databasesWithPrefix(adminUrl, databasePrefix)).includes(shared.name))
  })

  it('serves leases from the warm pool and refills it in the background', async () => {
    const { provisioner } = await booksProvisioner(adminUrl, { warmDatabases: 2 })
    await (await provisioner.lease('fresh')).release('dirty')
    const filled = () => eventually(() => provisioner.warmCount() >= 2, 20_000, 'the warm pool refilled')
    await filled()
    const ready = [...provisioner.ownedDatabases()]
    const lease = await provisioner.lease('fresh')
    expect(ready).toContain(lease.name)
    await lease.release('dirty')
    await filled()
  })
})
