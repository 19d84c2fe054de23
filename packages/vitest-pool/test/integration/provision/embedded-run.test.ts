import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { withAdminClient } from '../../../../../test/utils/test-servers'
import { pingServer } from '../../../src/server/health-probe'
import { projectWith, provisionerFor } from './project-fixture'

const cacheDir = await mkdtemp(join(tmpdir(), 'dbsafe-embedded-run-'))
afterAll(() => rm(cacheDir, { recursive: true, force: true }))

describe('a run without a URL', () => {
  it('starts the embedded server, reuses its cluster and template on the next run, and stops it at the end', async () => {
    const root = await projectWith({
      'migrations/001_books.sql': 'CREATE TABLE books (id serial PRIMARY KEY, title text NOT NULL);',
      'seed.sql': "INSERT INTO books (title) VALUES ('Dune');",
    })
    const options = { root, migrations: 'migrations', seed: 'seed.sql', embedded: { cacheDir } }
    const first = await provisionerFor(options)
    expect(first.server.kind).toBe('embedded')
    expect(first.server.usableConnections).toBeGreaterThan(100)
    const lease = await first.lease('worker')
    const titles = await withAdminClient(
      lease.url,
      async (client) => (await client.query('SELECT title FROM books')).rows,
    )
    expect(titles).toEqual([{ title: 'Dune' }])
    expect((await first.template()).built).toBe(true)
    const adminUrl = first.server.adminUrl
    await first.close()
    await expect(pingServer(adminUrl, 1_000)).rejects.toMatchObject({ code: 'ECONNREFUSED' })

    const second = await provisionerFor(options)
    expect(await second.template()).toMatchObject({ built: false, migrationsApplied: 0 })
    await second.close()
  })

  it('leaves what a run used to the next run on that cluster instead of dropping it at close, and keeps its spares', async () => {
    const root = await projectWith({
      'migrations/001_books.sql': 'CREATE TABLE books (id serial PRIMARY KEY, title text NOT NULL);',
    })
    const options = { root, migrations: 'migrations', embedded: { cacheDir }, warmDatabases: 1 }
    const first = await provisionerFor(options)
    const used = await first.lease('fresh')
    await withAdminClient(used.url, (client) => client.query("INSERT INTO books (title) VALUES ('Emma')"))
    // The warm clone, pristine, becomes a spare of the template at close.
    const deadline = Date.now() + 30_000
    while (first.warmCount() < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    const spare = first.ownedDatabases().find((name) => name !== used.name)
    expect(spare).toBeDefined()
    await first.close()

    // The next run on the cluster reaps the used database (its run is dead) and leaves the spare alone.
    const second = await provisionerFor(options)
    const reaped = await second.reaped
    expect(reaped).toContain(used.name)
    expect(reaped).not.toContain(spare)
    await second.close()
  })
})
