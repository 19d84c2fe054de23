import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { eventually } from '../../../../test/utils/eventually'
import { dropPrefixedDatabases, runDatabases } from '../../../../test/utils/prefixed-databases'
import { type TestServer, testServers, withAdminClient } from '../../../../test/utils/test-servers'
import { LEVELS_PROJECT } from './run-fixture'

const server = testServers()[0] as TestServer
const prefix = `sig${randomBytes(3).toString('hex')}`

async function aFileIsRunning(): Promise<boolean> {
  return withAdminClient(server.adminUrl, async (client) => {
    const { rows } = await client.query(
      "SELECT 1 FROM pg_stat_activity WHERE datname LIKE $1 || '\\_%' AND query LIKE '%pg_sleep%' AND pid <> pg_backend_pid()",
      [prefix],
    )
    return rows.length > 0
  })
}

afterAll(() => dropPrefixedDatabases(server.adminUrl, prefix))

test.each(['SIGTERM', 'SIGINT'] as const)(
  '%s mid-run drops every database of the run (pristine ones stay as spares)',
  async (signal) => {
    const child = spawn(process.execPath, [join(LEVELS_PROJECT, 'run-with-dbsafe.mjs')], {
      cwd: LEVELS_PROJECT,
      env: {
        ...process.env,
        DBSAFE_URL: server.adminUrl,
        DBSAFE_FIXTURE_PREFIX: prefix,
        DBSAFE_FIXTURE_OUT: mkdtempSync(join(tmpdir(), 'dbsafe-sig-')),
      },
      stdio: 'ignore',
    })
    const exited = new Promise<number | string | null>((resolve) =>
      child.on('exit', (code, sig) => resolve(code ?? sig)),
    )
    await eventually(aFileIsRunning, 120_000, 'a file running')
    expect((await runDatabases(server.adminUrl, prefix)).length).toBeGreaterThan(0)
    child.kill(signal)
    expect(await exited, 'the interrupted run must not look successful').not.toBe(0)
    // The used databases are dropped by a detached process after the run exits.
    await eventually(
      async () => (await runDatabases(server.adminUrl, prefix)).length === 0,
      30_000,
      'run databases dropped',
    )
  },
)
