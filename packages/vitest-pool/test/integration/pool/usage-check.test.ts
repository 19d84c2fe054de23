import { CONNECTION_META_KEY, type DbsafeFileMeta, FILE_META_KEY } from '@dbsafe/core'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { testServers } from '../../../../../test/utils/test-servers'
import { type FinishedFileTask, startUsageCheck } from '../../../src/pool/usage-check'
import { projectProvisioner } from '../provision/project-fixture'

/** The main-process task of a finished file whose one test passed, as the worker left its meta. */
function finishedFile(
  database: string,
  queries: number,
): FinishedFileTask & { meta: Record<string, unknown> } {
  const meta: DbsafeFileMeta = {
    level: 'shared-writes',
    isolation: 'reset-per-file',
    uncertain: false,
    database,
  }
  return {
    meta: { [FILE_META_KEY]: meta, [CONNECTION_META_KEY]: { usage: { queries } } },
    tasks: [{ type: 'test', result: { state: 'pass' } }],
  }
}

const routingOf = (task: { meta: Record<string, unknown> }) =>
  (task.meta[FILE_META_KEY] as DbsafeFileMeta).routing

/** Connects to `url`, runs `count` statements, disconnects: what a test file's client does. */
async function queries(url: string, count: number): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  for (let i = 0; i < count; i++) await client.query('SELECT 1')
  await client.end()
}

/** The URL of another database on the same server: an application's own, hard-coded test database. */
function otherDatabaseUrl(leaseUrl: string, adminUrl: string): string {
  const url = new URL(leaseUrl)
  url.pathname = new URL(adminUrl).pathname
  return url.toString()
}

describe.each(testServers())('usage check on $name', ({ adminUrl }) => {
  async function leased() {
    const { provisioner } = await projectProvisioner(adminUrl, {
      'migrations/001.sql': 'CREATE TABLE jobs (id int);',
    })
    const lease = await provisioner.lease('worker')
    return { provisioner, lease }
  }

  it('flags a file whose client queried a hard-coded other database, with its query count', async () => {
    const { provisioner, lease } = await leased()
    const check = await startUsageCheck(provisioner.server, lease.name)
    await queries(otherDatabaseUrl(lease.url, adminUrl), 3)
    const task = finishedFile(lease.name, 3)
    await check.complete(async () => task)
    expect(routingOf(task)).toEqual({
      usedOwnDatabase: false,
      queriesElsewhere: 3,
      note: expect.stringContaining(`its database ${lease.name} saw no session`),
    })
    expect(routingOf(task)?.note).not.toContain(lease.url)
  })

  it('records nothing for a file that used its own database, however quickly its session ended', async () => {
    const { provisioner, lease } = await leased()
    // Each round: one short session that has just disconnected when the check ends, the race to lose.
    for (let round = 0; round < 25; round++) {
      const check = await startUsageCheck(provisioner.server, lease.name)
      await queries(lease.url, 1)
      const task = finishedFile(lease.name, 1)
      await check.complete(async () => task)
      expect(routingOf(task), `round ${round}`).toBeUndefined()
    }
  })

  it('counts a session opened before the file that ran a statement during it, then closed', async () => {
    const { provisioner, lease } = await leased()
    const client = new pg.Client({ connectionString: lease.url })
    await client.connect()
    await client.query('SELECT 1')
    const check = await startUsageCheck(provisioner.server, lease.name)
    // Within a second of its last flush: these statistics stay pending in the backend until it exits.
    await client.query('INSERT INTO jobs VALUES (1)')
    await client.end()
    const task = finishedFile(lease.name, 1)
    await check.complete(async () => task)
    expect(routingOf(task)).toBeUndefined()
  })

  it('counts a session opened before the file, still open, that ran a statement during it', async () => {
    const { provisioner, lease } = await leased()
    const client = new pg.Client({ connectionString: lease.url })
    await client.connect()
    try {
      await client.query('SELECT 1')
      const check = await startUsageCheck(provisioner.server, lease.name)
      // Its statistics stay pending in the backend (flushed at most once a second): only pg_stat_activity shows it.
      await client.query('INSERT INTO jobs VALUES (2)')
      const task = finishedFile(lease.name, 1)
      await check.complete(async () => task)
      expect(routingOf(task)).toBeUndefined()
    } finally {
      await client.end()
    }
  })

  it('counts a session still open on the database when the file ends', async () => {
    const { provisioner, lease } = await leased()
    const check = await startUsageCheck(provisioner.server, lease.name)
    const client = new pg.Client({ connectionString: lease.url })
    await client.connect()
    try {
      const task = finishedFile(lease.name, 0)
      await check.complete(async () => task)
      expect(routingOf(task)).toBeUndefined()
    } finally {
      await client.end()
    }
  })

  it('warns, without an error count, when no query was tracked yet the database stayed unused', async () => {
    const { provisioner, lease } = await leased()
    const check = await startUsageCheck(provisioner.server, lease.name)
    const task = finishedFile(lease.name, 0)
    await check.complete(async () => task)
    expect(routingOf(task)).toEqual({
      usedOwnDatabase: false,
      note: expect.stringContaining('// @db-level none'),
    })
  })
})
