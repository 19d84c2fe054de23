import { withDatabase } from '@dbsafe/core'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { testServers, withAdminClient } from '../../../../../test/utils/test-servers'
import { bookCount, runStatements } from './database-queries'
import { BOOKS_PROJECT, projectProvisioner } from './project-fixture'

/**
 * What a transaction-per-test file may leave committed behind its wrapper (a `beforeAll` write, a client the
 * runtime does not reach, a test that changed its database's settings): statements run on the leased database
 * as the lease's role, or as the admin (what a file gets with the `superuser` opt-in).
 */
const COMMITTED: [string, 'lease' | 'admin', (name: string) => string[]][] = [
  ['a committed row', 'lease', () => ["INSERT INTO books (title) VALUES ('Committed')"]],
  ['a committed delete', 'lease', () => ['DELETE FROM books']],
  ['committed DDL', 'lease', () => ['CREATE TABLE leftover (id int)']],
  ['a committed TRUNCATE', 'lease', () => ['TRUNCATE books CASCADE']],
  ['a temporary table', 'lease', () => ['CREATE TEMP TABLE scratch (id int)']],
  ['ANALYZE', 'lease', () => ['ANALYZE books']],
  [
    'a committed row, then its statistics reset',
    'admin',
    () => ["INSERT INTO books (title) VALUES ('x')", 'SELECT pg_stat_reset()'],
  ],
  ['ALTER DATABASE … SET', 'lease', (name) => [`ALTER DATABASE "${name}" SET work_mem = '8MB'`]],
  [
    'ALTER ROLE … IN DATABASE … SET',
    'admin',
    (name) => [`ALTER ROLE CURRENT_USER IN DATABASE "${name}" SET work_mem = '8MB'`],
  ],
  ['GRANT … ON DATABASE', 'lease', (name) => [`GRANT CONNECT ON DATABASE "${name}" TO PUBLIC`]],
  ['a connection limit', 'lease', (name) => [`ALTER DATABASE "${name}" CONNECTION LIMIT 50`]],
  ['COMMENT ON DATABASE', 'lease', (name) => [`COMMENT ON DATABASE "${name}" IS 'mine now'`]],
]

describe.each(testServers())('a worker database released clean, on $name', ({ adminUrl }) => {
  async function booksProvisioner() {
    return (await projectProvisioner(adminUrl, BOOKS_PROJECT, { seed: 'seed.sql' })).provisioner
  }

  it('is reused when its sessions only wrote inside rolled-back transactions', async () => {
    const provisioner = await booksProvisioner()
    const first = await provisioner.lease('worker')
    await withAdminClient(first.url, async (client) => {
      for (let test = 0; test < 3; test++) {
        await client.query('BEGIN')
        await client.query("INSERT INTO books (title) VALUES ('Rolled back')")
        await client.query('CREATE TABLE rolled_back (id int)')
        await client.query('ROLLBACK')
      }
      await client.query('SELECT count(*) FROM books')
    })
    await first.release('clean')
    const again = await provisioner.lease('worker')
    expect(again.name).toBe(first.name)
    await again.release('clean')
    expect((await provisioner.lease('worker')).name).toBe(first.name)
  })

  it('is reset, not reused, after anything was committed in it or its database-level settings changed', async () => {
    const provisioner = await booksProvisioner()
    let lease = await provisioner.lease('worker')
    for (const [what, as, statements] of COMMITTED) {
      const used = lease
      await runStatements(
        as === 'lease' ? used.url : withDatabase(adminUrl, used.name),
        ...statements(used.name),
      )
      await used.release('clean')
      lease = await provisioner.lease('worker')
      expect(lease.name, `after ${what}`).not.toBe(used.name)
      expect(await bookCount(lease.url), `after ${what}`).toBe(2)
    }
  }, 180_000) // one provisioner after another for each kind of change: ~32 s idle, far more on a busy machine

  it('is reset when a session that committed is still open at release', async () => {
    const provisioner = await booksProvisioner()
    const first = await provisioner.lease('worker')
    const open = new pg.Client({ connectionString: first.url })
    await open.connect()
    try {
      await open.query("INSERT INTO books (title) VALUES ('Left open')")
      await first.release('clean')
    } finally {
      await open.end()
    }
    const next = await provisioner.lease('worker')
    expect(next.name).not.toBe(first.name)
    expect(await bookCount(next.url)).toBe(2)
  })
})
