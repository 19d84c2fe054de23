import { isDbsafeError } from '@dbsafe/core'
import { describe, expect, it, onTestFinished } from 'vitest'
import { eventually } from '../../../../../test/utils/eventually'
import { testServers, withAdminClient } from '../../../../../test/utils/test-servers'
import { formatRunMarker, formatSpareMarker, parseRunMarker } from '../../../src/provision/database-marker'
import {
  databasesWithPrefix,
  projectProvisioner,
  projectWith,
  provisionerFor,
  uniquePrefix,
} from './project-fixture'
import { TcpProxy } from './tcp-proxy'

const BOOKS = {
  'migrations/001_books.sql': 'CREATE TABLE books (id serial PRIMARY KEY, title text NOT NULL);',
}

async function commentOf(adminUrl: string, name: string): Promise<string | null | undefined> {
  return withAdminClient(adminUrl, async (client) => {
    const { rows } = await client.query<{ comment: string | null }>(
      `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`,
      [name],
    )
    return rows[0]?.comment
  })
}

/** Polls `check` until it returns true, or fails after the deadline. */
describe.each(testServers())('faults on $name', ({ adminUrl }) => {
  it('the reaper drops a dead run’s databases, never a live run’s nor a foreign one with a similar name', async () => {
    const databasePrefix = uniquePrefix()
    const root = await projectWith(BOOKS)
    const options = { root, url: adminUrl, databasePrefix, migrations: 'migrations' }
    const live = await provisionerFor(options)
    const liveLease = await live.lease('worker')
    // What a run killed with `kill -9` leaves: databases with its marker, and no session holding its lock.
    const deadRun = { runId: '0badf00d', runKey: 0x0badf00d }
    const dead = [`${databasePrefix}_0badf00d_c1`, `${databasePrefix}_0badf00d_ro`]
    const foreign = [`${databasePrefix}_0badcafe_c1`, `${databasePrefix}_12345678_c1`]
    await withAdminClient(adminUrl, async (client) => {
      for (const name of dead) {
        await client.query(`CREATE DATABASE "${name}"`)
        await client.query(`COMMENT ON DATABASE "${name}" IS '${formatRunMarker(deadRun, 'clone')}'`)
      }
      await client.query(`CREATE DATABASE "${foreign[0]}"`)
      await client.query(`COMMENT ON DATABASE "${foreign[0]}" IS 'a team''s own database'`)
      // A valid marker of the dead run, copied onto a name of another run: not provably ours.
      await client.query(`CREATE DATABASE "${foreign[1]}"`)
      await client.query(`COMMENT ON DATABASE "${foreign[1]}" IS '${formatRunMarker(deadRun, 'clone')}'`)
    })

    const next = await provisionerFor(options)
    await next.reaped
    const left = await databasesWithPrefix(adminUrl, databasePrefix)
    for (const name of dead) expect(left).not.toContain(name)
    expect(left).toContain(liveLease.name)
    expect(left).toEqual(expect.arrayContaining(foreign))
  })

  it('the reaper drops spares whose template is gone and keeps those of a template that exists', async () => {
    const databasePrefix = uniquePrefix()
    const root = await projectWith(BOOKS)
    const first = await provisionerFor({ root, url: adminUrl, databasePrefix, migrations: 'migrations' })
    const template = (await first.ensureTemplate()).name
    await (await first.lease('worker')).release('clean')
    await first.close()
    const [kept] = await databasesWithPrefix(adminUrl, databasePrefix).then((names) =>
      names.filter((name) => name !== template),
    )
    const orphan = `${databasePrefix}_0badf00d_c9`
    await withAdminClient(adminUrl, async (client) => {
      await client.query(`CREATE DATABASE "${orphan}"`)
      await client.query(
        `COMMENT ON DATABASE "${orphan}" IS '${formatSpareMarker({
          template: `${databasePrefix}_tpl_0000000000000000`,
          build: '1@',
          role: 'clone',
          seal: { settings: '', sessions: 0, statsReset: null, changes: { modified: 0, analyzed: 0 } },
        })}'`,
      )
    })

    const next = await provisionerFor({ root, url: adminUrl, databasePrefix, migrations: 'migrations' })
    expect(await next.reaped).toEqual([orphan])
    expect(await databasesWithPrefix(adminUrl, databasePrefix)).toContain(kept)
  })

  it('a run whose liveness session is cut opens it again, so other runs still see it alive', async () => {
    const databasePrefix = uniquePrefix()
    const root = await projectWith(BOOKS)
    const options = { root, url: adminUrl, databasePrefix, migrations: 'migrations' }
    const run = await provisionerFor(options)
    const lease = await run.lease('worker')
    const sessionPid = () =>
      withAdminClient(adminUrl, async (client) => {
        const { rows } = await client.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE application_name = $1`,
          [`dbsafe-run-${run.runId}`],
        )
        return rows[0]?.pid
      })
    const before = await sessionPid()
    expect(before).toBeDefined()
    await withAdminClient(adminUrl, (client) => client.query('SELECT pg_terminate_backend($1)', [before]))
    await eventually(async () => {
      const pid = await sessionPid()
      return pid !== undefined && pid !== before
    })
    const other = await provisionerFor(options)
    await other.reaped
    expect(await databasesWithPrefix(adminUrl, databasePrefix)).toContain(lease.name)
  })

  it('keepFailed keeps a failed file’s database with a redacted URL, until the retention ends', async () => {
    const databasePrefix = uniquePrefix()
    const root = await projectWith(BOOKS)
    const logs: string[] = []
    const options = {
      root,
      url: adminUrl,
      databasePrefix,
      migrations: 'migrations',
    }
    const provisioner = await provisionerFor({ ...options, keepFailed: true, onLog: (m) => logs.push(m) })
    const lease = await provisioner.lease('worker')
    await lease.release('keep')
    await provisioner.close()
    expect(await databasesWithPrefix(adminUrl, databasePrefix)).toContain(lease.name)
    expect(parseRunMarker(await commentOf(adminUrl, lease.name))?.keptAt).toEqual(expect.any(String))
    const kept = logs.find((line) => line.includes(lease.name))
    expect(kept).toBeDefined()
    const password = new URL(adminUrl).password
    if (password) expect(kept).not.toContain(password)

    const sameDay = await provisionerFor(options)
    await sameDay.reaped
    expect(await databasesWithPrefix(adminUrl, databasePrefix)).toContain(lease.name)
    const later = await provisionerFor({ ...options, keptRetentionMs: 0 })
    await later.reaped
    expect(await databasesWithPrefix(adminUrl, databasePrefix)).not.toContain(lease.name)
  })

  it('without keepFailed a kept release is dropped like a dirty one', async () => {
    const databasePrefix = uniquePrefix()
    const root = await projectWith(BOOKS)
    const provisioner = await provisionerFor({
      root,
      url: adminUrl,
      databasePrefix,
    })
    const lease = await provisioner.lease('worker')
    await lease.release('keep')
    await provisioner.close()
    await eventually(async () => !(await databasesWithPrefix(adminUrl, databasePrefix)).includes(lease.name))
  })

  it('the circuit opens while the server is unreachable and closes once it is back', async () => {
    const databasePrefix = uniquePrefix()
    const root = await projectWith(BOOKS)
    const proxy = new TcpProxy(adminUrl)
    await proxy.restore()
    onTestFinished(() => proxy.cut())
    const url = proxy.url(adminUrl)
    const provisioner = await provisionerFor({
      root,
      url,
      databasePrefix,
      migrations: 'migrations',
    })
    await (await provisioner.lease('fresh')).release('dirty')

    await proxy.cut()
    const codes: string[] = []
    for (let attempt = 0; attempt < 5; attempt++) {
      const error = await provisioner.lease('fresh').then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(isDbsafeError(error)).toBe(true)
      codes.push((error as { code: string }).code)
    }
    expect(codes.at(-1)).toBe('DBSAFE_CIRCUIT_OPEN')
    expect(codes.slice(0, 2).every((code) => code === 'DBSAFE_SERVER_UNREACHABLE')).toBe(true)

    await proxy.restore()
    await eventually(async () =>
      provisioner.lease('fresh').then(
        async (lease) => {
          await lease.release('dirty')
          return true
        },
        (error: unknown) => {
          if (!isDbsafeError(error, 'DBSAFE_CIRCUIT_OPEN')) throw error
          return false
        },
      ),
    )
  })

  it('a statement error (template dropped by hand) fails the lease clearly and does not open the circuit', async () => {
    const { provisioner } = await projectProvisioner(adminUrl, BOOKS)
    const { name } = await provisioner.ensureTemplate()
    await withAdminClient(adminUrl, async (client) => {
      await client.query(`ALTER DATABASE "${name}" IS_TEMPLATE false`)
      await client.query(`DROP DATABASE "${name}"`)
    })
    for (let attempt = 0; attempt < 4; attempt++) {
      await expect(provisioner.lease('fresh')).rejects.toMatchObject({
        code: 'DBSAFE_PROVISION_FAILED',
        message: expect.stringContaining(
          `Could not clone the template: template database "${name}" does not exist`,
        ),
      })
    }
  })

  it('close() resolves while the server is gone; the next run reaps what was left', async () => {
    const databasePrefix = uniquePrefix()
    const root = await projectWith(BOOKS)
    const proxy = new TcpProxy(adminUrl)
    await proxy.restore()
    const provisioner = await provisionerFor(
      {
        root,
        url: proxy.url(adminUrl),
        databasePrefix,
        migrations: 'migrations',
      },
      adminUrl,
    )
    const lease = await provisioner.lease('worker')
    await proxy.cut()
    for (let attempt = 0; attempt < 3; attempt++) await provisioner.lease('fresh').catch(() => {})
    await expect(provisioner.lease('fresh')).rejects.toMatchObject({ code: 'DBSAFE_CIRCUIT_OPEN' })
    await provisioner.close()
    expect(await databasesWithPrefix(adminUrl, databasePrefix)).toContain(lease.name)

    const next = await provisionerFor({ root, url: adminUrl, databasePrefix, migrations: 'migrations' })
    await next.reaped
    expect(await databasesWithPrefix(adminUrl, databasePrefix)).not.toContain(lease.name)
  })
})
