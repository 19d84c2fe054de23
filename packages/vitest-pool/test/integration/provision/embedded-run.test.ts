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
})
