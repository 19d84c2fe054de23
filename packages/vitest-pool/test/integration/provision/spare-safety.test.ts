import { withDatabase } from '@dbsafe/core'
import { describe, expect, it } from 'vitest'
import { eventually } from '../../../../../test/utils/eventually'
import { testServers, withAdminClient } from '../../../../../test/utils/test-servers'
import { parseSpareMarker, type SpareMarker } from '../../../src/provision/database-marker'
import { databaseExists, runStatements } from './database-queries'
import { BOOKS_PROJECT, projectOptions, provisionerFor } from './project-fixture'

/** The spares named `<prefix>_…`, with their markers. */
async function sparesOf(adminUrl: string, prefix: string): Promise<(SpareMarker & { name: string })[]> {
  return withAdminClient(adminUrl, async (client) => {
    const { rows } = await client.query<{ name: string; comment: string | null }>(
      `SELECT datname AS name, shobj_description(oid, 'pg_database') AS comment FROM pg_database
        WHERE datname LIKE $1 || '\\_%' AND NOT datistemplate ORDER BY oid`,
      [prefix],
    )
    return rows.flatMap((row) => {
      const marker = parseSpareMarker(row.comment)
      return marker ? [{ ...marker, name: row.name }] : []
    })
  })
}

async function scalar<T>(url: string, sql: string): Promise<T> {
  return withAdminClient(url, async (client) => Object.values((await client.query(sql)).rows[0])[0] as T)
}

/**
 * Database-level changes a file could make to the shared read-only database (as the admin: with the `superuser`
 * opt-in files connect as it) — with no row written, so counting rows sees nothing. `ro` is its name.
 */
const POISONINGS: [string, (ro: string, prefix: string) => string[]][] = [
  [
    'ALTER DATABASE … SET default_transaction_read_only = off',
    (ro) => [`ALTER DATABASE "${ro}" SET default_transaction_read_only = off`],
  ],
  ['ALTER DATABASE … RESET ALL', (ro) => [`ALTER DATABASE "${ro}" RESET ALL`]],
  [
    'ALTER ROLE … IN DATABASE … SET',
    (ro) => [`ALTER ROLE CURRENT_USER IN DATABASE "${ro}" SET default_transaction_read_only = off`],
  ],
  [
    'ALTER DATABASE … OWNER',
    (ro, prefix) => [
      `CREATE ROLE "${prefix}_intruder"`,
      `ALTER DATABASE "${ro}" OWNER TO "${prefix}_intruder"`,
    ],
  ],
  ['GRANT … ON DATABASE', (ro) => [`GRANT CREATE ON DATABASE "${ro}" TO PUBLIC`]],
  ['ALTER DATABASE … CONNECTION LIMIT', (ro) => [`ALTER DATABASE "${ro}" CONNECTION LIMIT 3`]],
  ['COMMENT ON DATABASE', (ro) => [`COMMENT ON DATABASE "${ro}" IS 'not yours'`]],
]

describe.each(testServers())('spares on $name', ({ adminUrl }) => {
  async function books(overrides: Partial<Parameters<typeof provisionerFor>[0]> = {}) {
    const options = await projectOptions(adminUrl, BOOKS_PROJECT, { seed: 'seed.sql', ...overrides })
    return { options, start: (more: Partial<typeof options> = {}) => provisionerFor({ ...options, ...more }) }
  }

  it('a read-only database whose database-level settings a file changed is never kept as a spare', async () => {
    const { options, start } = await books({ superuser: true })
    for (const [what, statements] of POISONINGS) {
      const provisioner = await start()
      const readOnly = await provisioner.readOnlyDatabase()
      await runStatements(adminUrl, ...statements(readOnly.name, options.databasePrefix))
      await provisioner.close()
      expect(await sparesOf(adminUrl, options.databasePrefix), `after ${what}`).toEqual([])
    }
    // And an untouched one is kept, and adopted with its setting: its sessions cannot write.
    const clean = await start()
    await clean.readOnlyDatabase()
    await clean.close()
    expect((await sparesOf(adminUrl, options.databasePrefix)).map((spare) => spare.role)).toEqual([
      'read-only',
    ])
    const next = await start()
    const adopted = await next.readOnlyDatabase()
    expect(await sparesOf(adminUrl, options.databasePrefix)).toEqual([])
    await expect(runStatements(adopted.url, "INSERT INTO books (title) VALUES ('x')")).rejects.toMatchObject({
      code: '25006',
    })
    // Nine runs, one after the other: longer than the project's 30 s on a loaded machine.
  }, 120_000)

  it('a poisoned read-only database is not adopted: the next run’s read-only files still cannot write', async () => {
    const { start } = await books({ superuser: true })
    const first = await start()
    const poisoned = await first.readOnlyDatabase()
    await runStatements(adminUrl, `ALTER DATABASE "${poisoned.name}" SET default_transaction_read_only = off`)
    await first.close()
    const second = await start()
    const readOnly = await second.readOnlyDatabase()
    await expect(runStatements(readOnly.url, "INSERT INTO books (title) VALUES ('x')")).rejects.toMatchObject(
      {
        code: '25006',
      },
    )
  })

  it('keeps neither a read-only nor a warm database that a session committed to', async () => {
    const { options, start } = await books({ warmDatabases: 3 })
    const first = await start()
    const readOnly = await first.readOnlyDatabase()
    const used = await first.lease('fresh')
    await used.release('dirty')
    await eventually(() => first.warmCount() >= 3, 30_000, 'the warm pool filled')
    const warm = first.ownedDatabases().filter((name) => name !== readOnly.name && name !== used.name)
    const [written, alteredWarm, untouched] = warm
    // A writable session on the read-only database, and sessions that found warm databases by name.
    await runStatements(
      withDatabase(adminUrl, readOnly.name),
      'SET default_transaction_read_only = off',
      "INSERT INTO books (title) VALUES ('x')",
    )
    await runStatements(withDatabase(adminUrl, written!), "INSERT INTO books (title) VALUES ('x')")
    await runStatements(adminUrl, `ALTER DATABASE "${alteredWarm}" SET work_mem = '8MB'`)
    await first.close()
    const spares = await sparesOf(adminUrl, options.databasePrefix)
    expect(spares.map((spare) => spare.name)).not.toContain(readOnly.name)
    expect(spares.map((spare) => spare.name)).not.toContain(written)
    expect(spares.map((spare) => spare.name)).not.toContain(alteredWarm)
    expect(spares.map((spare) => spare.name)).toContain(untouched)
  })

  it('seals spares, and never adopts one that was changed or written to after it was sealed', async () => {
    const { options, start } = await books({ warmDatabases: 3 })
    const first = await start()
    await (await first.lease('fresh')).release('dirty')
    await eventually(() => first.warmCount() >= 3, 30_000, 'the warm pool filled')
    await first.close()
    const spares = await sparesOf(adminUrl, options.databasePrefix)
    expect(spares).toHaveLength(3)
    const [altered, written, intact] = spares.map((spare) => spare.name) as [string, string, string]
    // Sealed: nobody can connect to a spare.
    await expect(runStatements(withDatabase(adminUrl, intact), 'SELECT 1')).rejects.toMatchObject({
      code: '55000',
    })
    await runStatements(adminUrl, `ALTER DATABASE "${altered}" SET work_mem = '8MB'`)
    // Unsealed, written to, sealed again by someone with the rights to: its settings are back, not its data.
    await runStatements(adminUrl, `ALTER DATABASE "${written}" ALLOW_CONNECTIONS true`)
    await runStatements(withDatabase(adminUrl, written), "INSERT INTO books (title) VALUES ('Smuggled in')")
    await runStatements(adminUrl, `ALTER DATABASE "${written}" ALLOW_CONNECTIONS false`)

    const second = await start({ warmDatabases: 0 })
    const leases = [await second.lease('fresh'), await second.lease('fresh'), await second.lease('fresh')]
    for (const lease of leases)
      expect(await scalar<number>(lease.url, 'SELECT count(*)::int FROM books')).toBe(2)
    // The intact spare was adopted; the two others were dropped, not adopted.
    expect(await databaseExists(adminUrl, intact)).toBe(false)
    await eventually(
      async () => !(await databaseExists(adminUrl, altered)) && !(await databaseExists(adminUrl, written)),
    )
    expect(second.ownedDatabases()).toHaveLength(3)
  })

  it('a template rebuild retires the spares of the previous build; leases get copies of the new build', async () => {
    let build = 1
    const migrations = async (url: string) => {
      await runStatements(url, 'CREATE TABLE build (n int)', `INSERT INTO build VALUES (${build})`)
    }
    const options = await projectOptions(
      adminUrl,
      { 'schema.txt': 'inputs' },
      { migrations, templateInputs: ['schema.txt'] },
    )
    const first = await provisionerFor({ ...options, warmDatabases: 1 })
    await (await first.lease('worker')).release('clean')
    await first.readOnlyDatabase()
    await eventually(() => first.warmCount() >= 1, 30_000, 'the warm pool filled')
    await first.close()
    const old = await sparesOf(adminUrl, options.databasePrefix)
    expect(old.length).toBeGreaterThanOrEqual(2)

    build = 2
    const second = await provisionerFor({ ...options, rebuildTemplate: true })
    const template = await second.ensureTemplate()
    expect(template.built).toBe(true)
    for (const spare of old) expect(await databaseExists(adminUrl, spare.name), spare.name).toBe(false)
    const worker = await second.lease('worker')
    expect(await scalar<number>(worker.url, 'SELECT n FROM build')).toBe(2)
    const readOnly = await second.readOnlyDatabase()
    expect(await scalar<number>(readOnly.url, 'SELECT n FROM build')).toBe(2)
    await worker.release('clean')
    await second.close()

    // The new build's spares are adopted as usual.
    const kept = await sparesOf(adminUrl, options.databasePrefix)
    expect(kept.length).toBeGreaterThanOrEqual(2)
    expect(new Set(kept.map((spare) => spare.build)).size).toBe(1)
    const third = await provisionerFor(options)
    expect(await scalar<number>((await third.lease('worker')).url, 'SELECT n FROM build')).toBe(2)
    expect(await sparesOf(adminUrl, options.databasePrefix)).toHaveLength(kept.length - 1)
  })

  it('drops a spare left by a version of dbsafe that did not seal them, instead of adopting it', async () => {
    const { options, start } = await books()
    const first = await start()
    const template = (await first.ensureTemplate()).name
    const legacy = `${options.databasePrefix}_0badf00d_c1`
    await runStatements(adminUrl, `CREATE DATABASE "${legacy}" TEMPLATE "${template}"`)
    await runStatements(
      withDatabase(adminUrl, legacy),
      "INSERT INTO books (title) VALUES ('From an older run')",
    )
    const marker = JSON.stringify({
      dbsafe: 'spare',
      template,
      role: 'clone',
      sparedAt: new Date().toISOString(),
    })
    await runStatements(adminUrl, `COMMENT ON DATABASE "${legacy}" IS '${marker}'`)
    const lease = await first.lease('fresh')
    expect(lease.name).not.toBe(legacy)
    expect(await scalar<number>(lease.url, 'SELECT count(*)::int FROM books')).toBe(2)
    await eventually(async () => !(await databaseExists(adminUrl, legacy)))
  })
})
