import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { prefixedRoles } from '../../../../../test/utils/prefixed-roles'
import { testServers, withAdminClient } from '../../../../../test/utils/test-servers'
import type { ProvisionerOptions } from '../../../src/provision/provisioner-options'
import { formatRunRoleMarker, formatTemplateRoleMarker } from '../../../src/provision/role-marker'
import { databaseExists } from './database-queries'
import { BOOKS_PROJECT, projectProvisioner, uniquePrefix } from './project-fixture'

/** Runs `fn` connected with `url` (a file's URL: withAdminClient connects as whoever the URL names). */
const asFile = withAdminClient

/** The SQLSTATE a statement fails with (undefined when it succeeds). */
async function sqlState(promise: Promise<unknown>): Promise<string | undefined> {
  return promise.then(
    () => undefined,
    (error: { code?: string }) => error.code,
  )
}

/** Who the session is, and what its login role may do. */
async function identity(client: pg.Client) {
  const { rows } = await client.query<{
    current: string
    session: string
    superuser: boolean
    createdb: boolean
    createrole: boolean
    signal: boolean
  }>(`SELECT current_user AS current, session_user AS session, r.rolsuper AS superuser,
             r.rolcreatedb AS createdb, r.rolcreaterole AS createrole,
             pg_has_role(session_user, 'pg_signal_backend', 'USAGE') AS signal
        FROM pg_roles r WHERE r.rolname = session_user`)
  return rows[0]!
}

function booksProvisioner(adminUrl: string, options: Partial<ProvisionerOptions> = {}) {
  // The roles are dropped by the run itself at close, not by a detached process (whose build may be older).
  return projectProvisioner(adminUrl, BOOKS_PROJECT, { seed: 'seed.sql', dropAfterExit: false, ...options })
}

describe.each(testServers())('least privilege on $name', ({ adminUrl }) => {
  it('a read-only file cannot drop another database, create a role, run a program or write, even with read-only sessions switched off', async () => {
    const { provisioner } = await booksProvisioner(adminUrl)
    const other = await provisioner.lease('worker', { level: 'isolated-writes' })
    const readOnly = await provisioner.readOnlyDatabase()
    await asFile(readOnly.url, async (client) => {
      expect(await identity(client)).toMatchObject({ superuser: false, createdb: false, createrole: false })
      // What a test can switch off: the protection must not depend on it.
      await client.query('SET default_transaction_read_only = off')
      expect(await sqlState(client.query(`DROP DATABASE "${other.name}"`))).toBe('42501')
      expect(await sqlState(client.query('CREATE ROLE dbsafe_must_not_exist SUPERUSER'))).toBe('42501')
      expect(await sqlState(client.query("COPY (SELECT 1) TO PROGRAM 'true'"))).toBe('42501')
      expect(await sqlState(client.query("INSERT INTO books (title) VALUES ('Nope')"))).toBe('42501')
      expect(await sqlState(client.query('UPDATE books SET title = upper(title)'))).toBe('42501')
      expect(await sqlState(client.query('DELETE FROM books'))).toBe('42501')
      expect(await sqlState(client.query('TRUNCATE books'))).toBe('42501')
      expect(await sqlState(client.query("SELECT nextval('books_id_seq')"))).toBe('42501')
      expect(await sqlState(client.query('CREATE TABLE scratch (id int)'))).toBe('42501')
      expect(await sqlState(client.query('CREATE SCHEMA scratch'))).toBe('42501')
      expect(
        await sqlState(
          client.query(`ALTER DATABASE "${readOnly.name}" SET default_transaction_read_only = off`),
        ),
      ).toBe('42501')
      const { rows } = await client.query('SELECT title FROM books ORDER BY id')
      expect(rows).toEqual([{ title: 'Dune' }, { title: 'Emma' }])
    })
    expect(await databaseExists(adminUrl, other.name)).toBe(true)
    await other.release('clean')
  })

  it('an isolated-writes file writes its own database, and can neither drop nor enter another one', async () => {
    const { provisioner } = await booksProvisioner(adminUrl)
    const mine = await provisioner.lease('worker', { level: 'isolated-writes' })
    const other = await provisioner.lease('fresh', { level: 'schema-changes' })
    expect(mine.role).toBeDefined()
    expect(new URL(mine.url).username).toBe(mine.role)
    await asFile(mine.url, async (client) => {
      expect(await identity(client)).toMatchObject({
        current: mine.role,
        superuser: false,
        createdb: false,
        createrole: false,
        signal: false,
      })
      await client.query("INSERT INTO books (title) VALUES ('Mine')")
      expect((await client.query('SELECT count(*)::int AS n FROM books')).rows).toEqual([{ n: 3 }])
      expect(await sqlState(client.query(`DROP DATABASE "${other.name}"`))).toBe('42501')
      expect(await sqlState(client.query('CREATE ROLE dbsafe_must_not_exist'))).toBe('42501')
      expect(await sqlState(client.query('CREATE DATABASE dbsafe_must_not_exist'))).toBe('42501')
      expect(await sqlState(client.query("COPY (SELECT 1) TO PROGRAM 'true'"))).toBe('42501')
      const owner = await client.query<{ owner: string }>(
        'SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = current_database()',
      )
      expect(owner.rows).toEqual([{ owner: mine.role }])
    })
    // Its credentials do not open another file's database.
    const elsewhere = new URL(mine.url)
    elsewhere.pathname = `/${other.name}`
    expect(await sqlState(asFile(elsewhere.toString(), async () => {}))).toBe('42501')
    expect(await databaseExists(adminUrl, other.name)).toBe(true)
    await mine.release('dirty')
    await other.release('dirty')
  })

  it('a schema-changes file owns the schema the migrations made, without being a superuser', async () => {
    const { provisioner } = await booksProvisioner(adminUrl)
    const lease = await provisioner.lease('fresh', { level: 'schema-changes' })
    await asFile(lease.url, async (client) => {
      expect(await identity(client)).toMatchObject({ superuser: false })
      await client.query('ALTER TABLE books ADD COLUMN isbn text')
      await client.query('CREATE INDEX books_isbn ON books (isbn)')
      await client.query('CREATE SCHEMA audit')
      await client.query('CREATE TABLE audit.events (at timestamptz DEFAULT now())')
      await client.query('DROP TABLE books')
    })
    await lease.release('dirty')
  })

  it('a sequential file can create roles and databases and end other files’ sessions, and is no superuser', async () => {
    const { provisioner, databasePrefix } = await booksProvisioner(adminUrl)
    const lease = await provisioner.lease('worker', { level: 'sequential' })
    const neighbour = await provisioner.lease('worker', { level: 'isolated-writes' })
    const role = `${databasePrefix}_made_by_test`
    const database = `${databasePrefix}_made_by_test`
    const victim = new pg.Client({ connectionString: neighbour.url })
    victim.on('error', () => {})
    await victim.connect()
    const pid = (await victim.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid
    try {
      await asFile(lease.url, async (client) => {
        expect(await identity(client)).toMatchObject({
          superuser: false,
          createdb: true,
          createrole: true,
          signal: true,
        })
        await client.query(`CREATE ROLE "${role}" NOLOGIN`)
        await client.query(`GRANT "${role}" TO CURRENT_USER`)
        await client.query(`SET ROLE "${role}"`)
        await client.query('RESET ROLE')
        await client.query(`CREATE DATABASE "${database}"`)
        expect(await databaseExists(adminUrl, database)).toBe(true)
        await client.query(`DROP DATABASE "${database}"`)
        await client.query(`DROP ROLE "${role}"`)
        const ended = await client.query<{ ok: boolean }>('SELECT pg_terminate_backend($1) AS ok', [pid])
        expect(ended.rows).toEqual([{ ok: true }])
        expect(await sqlState(client.query("COPY (SELECT 1) TO PROGRAM 'true'"))).toBe('42501')
      })
    } finally {
      await victim.end().catch(() => {})
    }
    await lease.release('dirty')
    await neighbour.release('dirty')
  })

  it('with applicationRole, files run as the application’s role and its row-level security applies', async () => {
    const databasePrefix = uniquePrefix()
    const app = `${databasePrefix}_app`
    const { provisioner } = await projectProvisioner(
      adminUrl,
      {
        'migrations/001_notes.sql': `
        CREATE ROLE "${app}" NOLOGIN;
        CREATE TABLE notes (id serial PRIMARY KEY, tenant text NOT NULL, body text NOT NULL);
        ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
        CREATE POLICY tenant_notes ON notes TO "${app}"
          USING (tenant = current_setting('app.tenant', true))
          WITH CHECK (tenant = current_setting('app.tenant', true));
        GRANT SELECT, INSERT, UPDATE, DELETE ON notes TO "${app}";
        GRANT USAGE ON SEQUENCE notes_id_seq TO "${app}";`,
        'seed.sql': "INSERT INTO notes (tenant, body) VALUES ('a', 'one'), ('a', 'two'), ('b', 'three');",
      },
      { databasePrefix, seed: 'seed.sql', dropAfterExit: false, applicationRole: app },
    )
    const lease = await provisioner.lease('worker', { level: 'isolated-writes' })
    await asFile(lease.url, async (client) => {
      expect(await identity(client)).toMatchObject({ current: app, session: lease.role, superuser: false })
      await client.query("SET app.tenant = 'a'")
      expect((await client.query('SELECT count(*)::int AS n FROM notes')).rows).toEqual([{ n: 2 }])
      await client.query("INSERT INTO notes (tenant, body) VALUES ('a', 'four')")
      expect(await sqlState(client.query("INSERT INTO notes (tenant, body) VALUES ('b', 'x')"))).toBe('42501')
    })
    const readOnly = await provisioner.readOnlyDatabase()
    await asFile(readOnly.url, async (client) => {
      expect(await identity(client)).toMatchObject({ current: app, superuser: false })
      await client.query("SET app.tenant = 'b'")
      expect((await client.query('SELECT body FROM notes')).rows).toEqual([{ body: 'three' }])
      // The application role may write in production; in the read-only database it may not.
      await client.query('SET default_transaction_read_only = off')
      expect(await sqlState(client.query("INSERT INTO notes (tenant, body) VALUES ('b', 'x')"))).toBe('42501')
    })
    // Schema changes keep the owner's rights: the owner is not subject to the policy.
    const fresh = await provisioner.lease('fresh', { level: 'schema-changes' })
    await asFile(fresh.url, async (client) => {
      expect(await identity(client)).toMatchObject({ current: fresh.role })
      expect((await client.query('SELECT count(*)::int AS n FROM notes')).rows).toEqual([{ n: 3 }])
    })
    await lease.release('dirty')
    await fresh.release('dirty')
  })

  it('an application role the migrations did not create fails the run with a config error', async () => {
    const { provisioner } = await booksProvisioner(adminUrl, { applicationRole: 'dbsafe_no_such_role' })
    await expect(provisioner.lease('worker')).rejects.toMatchObject({ code: 'DBSAFE_CONFIG_INVALID' })
  })

  it('superuser: true is the explicit way back to the admin role', async () => {
    const { provisioner } = await booksProvisioner(adminUrl, { superuser: true })
    const lease = await provisioner.lease('worker', { level: 'isolated-writes' })
    expect(lease.role).toBeUndefined()
    await asFile(lease.url, async (client) => {
      expect(await identity(client)).toMatchObject({ superuser: true })
    })
    await lease.release('clean')
  })

  it('a clean worker database goes back to the admin, its role is dropped, and the next file gets a new one', async () => {
    const { provisioner, databasePrefix } = await booksProvisioner(adminUrl)
    const first = await provisioner.lease('worker', { level: 'isolated-writes' })
    await asFile(first.url, (client) => client.query('SELECT 1'))
    await first.release('clean')
    expect(await prefixedRoles(adminUrl, databasePrefix)).not.toContain(first.role)
    const second = await provisioner.lease('worker', { level: 'isolated-writes' })
    expect(second.name).toBe(first.name)
    expect(second.role).not.toBe(first.role)
    // The old role's password opens nothing any more.
    expect(await sqlState(asFile(first.url, async () => {}))).toBeDefined()
    await second.release('clean')
  })

  it('closing a run drops its login roles, those made ahead included; the template’s stay, unable to log in', async () => {
    // A warm pool: login roles are made ahead of the leases too.
    const { provisioner, databasePrefix } = await booksProvisioner(adminUrl, { warmDatabases: 2 })
    const template = (await provisioner.ensureTemplate()).name
    const lease = await provisioner.lease('fresh', { level: 'schema-changes' })
    await provisioner.readOnlyDatabase()
    await lease.release('dirty')
    await provisioner.close()
    expect(await prefixedRoles(adminUrl, databasePrefix)).toEqual([template, `${template}_r`])
    const { rows } = await withAdminClient(adminUrl, (client) =>
      client.query<{ login: boolean; superuser: boolean }>(
        'SELECT rolcanlogin AS login, rolsuper AS superuser FROM pg_roles WHERE rolname = $1',
        [template],
      ),
    )
    expect(rows).toEqual([{ login: false, superuser: false }])
  })

  it('the reaper drops a dead run’s roles and a dropped template’s, never a live run’s nor a foreign one', async () => {
    const { provisioner: live, databasePrefix } = await booksProvisioner(adminUrl)
    const liveLease = await live.lease('worker', { level: 'isolated-writes' })
    const deadRun = { runId: '0badf00d', runKey: 0x0badf00d }
    const gone = `${databasePrefix}_tpl_0000000000000000`
    const dead = [`${databasePrefix}_0badf00d_u1`, gone, `${gone}_r`]
    const foreign = [`${databasePrefix}_0badcafe_u1`, `${databasePrefix}_12345678_u1`]
    await withAdminClient(adminUrl, async (client) => {
      const create = async (name: string, comment: string) => {
        await client.query(`CREATE ROLE "${name}" NOLOGIN`)
        await client.query(`COMMENT ON ROLE "${name}" IS '${comment}'`)
      }
      await create(dead[0]!, formatRunRoleMarker(deadRun, `${databasePrefix}_0badf00d_c1`, 'owner'))
      await create(dead[1]!, formatTemplateRoleMarker(gone, 'owner'))
      await create(dead[2]!, formatTemplateRoleMarker(gone, 'reader'))
      await create(foreign[0]!, 'a team’s own role')
      // A valid marker of the dead run, copied onto a name of another run: not provably ours.
      await create(foreign[1]!, formatRunRoleMarker(deadRun, `${databasePrefix}_0badf00d_c1`, 'owner'))
    })
    const next = await booksProvisioner(adminUrl, { databasePrefix })
    await next.provisioner.reaped
    const left = await prefixedRoles(adminUrl, databasePrefix)
    for (const name of dead) expect(left).not.toContain(name)
    expect(left).toContain(liveLease.role)
    expect(left).toEqual(expect.arrayContaining(foreign))
    await liveLease.release('dirty')
  })
})
