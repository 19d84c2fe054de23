import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { testServers } from '../../../../../test/utils/test-servers'
import { serverObservation } from '../../../src/guard/server-evidence'
import { type FinishedFileTask, startUsageCheck } from '../../../src/pool/usage-check'
import { projectProvisioner } from '../provision/project-fixture'

/** A finished file task with one passing test (what the usage check reads of it). */
const finished = (): FinishedFileTask => ({ meta: {}, tasks: [{ type: 'test', result: { state: 'pass' } }] })

/** A client the worker does not intercept (its sessions are not named `dbsafe …`): postgres.js, Prisma's engine. */
async function foreignClient(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: 'postgres.js' })
  await client.connect()
  return client
}

describe.each(testServers())('the server-side view of a file on $name', ({ adminUrl }) => {
  async function leased(level: 'isolated-writes' | 'shared-writes' = 'isolated-writes') {
    const { provisioner } = await projectProvisioner(adminUrl, {
      'migrations/001.sql': 'CREATE TABLE jobs (id int);',
    })
    const lease = await provisioner.lease('worker')
    const check = await startUsageCheck(provisioner.server, lease.name, {
      level,
      shared: false,
      role: lease.role,
    })
    return { lease, check }
  }

  it('sees DDL a client it does not intercept committed, from the template’s event trigger, and no migration DDL', async () => {
    const { lease, check } = await leased()
    const client = await foreignClient(lease.url)
    await client.query('CREATE TABLE job_runs (id int)')
    await client.query('CREATE TEMP TABLE scratch (id int)')
    await client.query('INSERT INTO jobs VALUES (1)')
    await client.end()
    const facts = await check.complete(async () => finished())
    expect(facts?.ddl).toEqual({
      count: 1,
      rows: [{ tag: 'CREATE TABLE', statement: 'CREATE TABLE job_runs (id int)' }],
    })
    const observation = serverObservation({ ...facts!, connectionsPerFile: 2 })
    expect(observation.level).toBe('schema-changes')
    expect(observation.evidence).toEqual([
      {
        level: 'schema-changes',
        kind: 'ddl',
        text: 'CREATE TABLE committed: CREATE TABLE job_runs (id int)',
        source: 'server',
      },
    ])
  })

  it('does not read the DDL log of a file that committed nothing: a rolled-back DDL never lasts', async () => {
    const { lease, check } = await leased()
    const client = new pg.Client({ connectionString: lease.url, application_name: 'dbsafe x.test.ts' })
    await client.connect()
    await client.query('BEGIN')
    await client.query('CREATE TABLE gone (id int)')
    await client.query('ROLLBACK')
    await client.end()
    const facts = await check.complete(async () => finished())
    expect(facts?.ddl).toBeUndefined()
    expect(serverObservation({ ...facts!, connectionsPerFile: 2 }).level).not.toBe('schema-changes')
  })

  it('sees a LISTEN still waiting and more open sessions of other clients than a file’s share', async () => {
    const { lease, check } = await leased('shared-writes')
    const clients = await Promise.all([1, 2, 3].map(() => foreignClient(lease.url)))
    try {
      await clients[0]?.query('LISTEN "jobs"')
      const facts = await check.complete(async () => finished())
      const observation = serverObservation({ ...facts!, connectionsPerFile: 2 })
      expect(observation.level).toBe('sequential')
      expect(observation.counts).toMatchObject({ notify: 1, connections: 1 })
      expect(observation.evidence.map((evidence) => evidence.text)).toEqual([
        expect.stringMatching(
          /^3 sessions of clients dbsafe does not intercept were open on its database at once/,
        ),
      ])
      const atShared = serverObservation({ ...facts!, connectionsPerFile: 3 })
      expect(atShared.evidence).toEqual([
        {
          level: 'shared-writes',
          kind: 'notify',
          text: 'a session was still waiting on LISTEN "jobs" when the file ended',
          source: 'server',
        },
      ])
    } finally {
      await Promise.all(clients.map((client) => client.end()))
    }
  })

  it('counts rows a client changed, whatever it is', async () => {
    const { lease, check } = await leased()
    const client = await foreignClient(lease.url)
    await client.query('INSERT INTO jobs SELECT generate_series(1, 3)')
    await client.end()
    const facts = await check.complete(async () => finished())
    expect(facts?.activity.rowsChanged).toBeGreaterThanOrEqual(3)
    expect(serverObservation({ ...facts!, connectionsPerFile: 2 }).evidence).toEqual([
      expect.objectContaining({ kind: 'write', level: 'isolated-writes', source: 'server' }),
    ])
  })
})
