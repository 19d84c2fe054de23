import pg from 'pg'
import { afterAll, expect, test } from 'vitest'
import { type EmbeddedServer, startEmbeddedServer } from '../../src/server/embedded-server'
import { runFixture } from './run-fixture'

let server: EmbeddedServer | undefined
afterAll(() => server?.stop())

/** Polls `check` every 20 ms until it is true or `timeoutMs` passes. */
async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** Whether a test file has a session open on one of the run's databases (not the template or admin). */
async function aFileIsConnected(adminUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    const { rows } = await client.query(
      "SELECT 1 FROM pg_stat_activity WHERE datname LIKE 'loss\\_%' AND datname NOT LIKE 'loss\\_tpl\\_%' AND pid <> pg_backend_pid() AND query LIKE '%pg_sleep%'",
    )
    return rows.length > 0
  } finally {
    await client.end()
  }
}

test('a server that goes away mid-run fails the database files with a clear error, without a hang', async () => {
  server = await startEmbeddedServer()
  const adminUrl = server.adminUrl
  const run = runFixture({
    dbsafe: {
      url: adminUrl,
      migrations: './migrations',
      seed: './seed.sql',
      databasePrefix: 'loss',
      connectTimeoutMs: 1_000,
      // The server never comes back: files wait this long for it, then fail (outages are the fault suite's).
      outageToleranceMs: 2_000,
      onLog: () => {},
    },
    maxWorkers: 2,
    files: [
      'tests/sequential.test.ts',
      'tests/read-only.test.ts',
      'tests/shared-writes-one.test.ts',
      'tests/shared-writes-two.test.ts',
      'tests/schema-changes.test.ts',
      'tests/none.test.ts',
    ],
  })
  await waitFor(() => aFileIsConnected(adminUrl), 60_000)
  await server.stop()
  const { files } = await run

  expect(files.get('none')?.state).toBe('passed')
  const databaseFiles = [...files].filter(([name]) => name !== 'none')
  const failed = databaseFiles.filter(([, file]) => file.state === 'failed')
  expect(failed.length).toBeGreaterThan(0)
  for (const [name, file] of failed) {
    expect(file.errors.join('\n'), name).toMatch(
      /DBSAFE_CIRCUIT_OPEN|DBSAFE_SERVER_UNREACHABLE|terminat|ECONNREFUSED|ECONNRESET|shutting down/i,
    )
  }
})
