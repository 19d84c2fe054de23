// A server that stops answering (SIGSTOP: the kernel keeps accepting, nothing replies — what a network partition
// looks like): every admin query, connection end and close of dbsafe's must give up within its bound.
import { isDbsafeError } from '@dbsafe/core'
import { expect, it } from 'vitest'
import { eventually } from '../../../../../test/utils/eventually'
import { runDatabases } from '../../../../../test/utils/prefixed-databases'
import { withAdminClient } from '../../../../../test/utils/test-servers'
import { createProvisioner } from '../../../src/provision/create-provisioner'
import { adminClientConfig, createAdminPool, endPool } from '../../../src/server/admin-connections'
import { isConnectionError } from '../../../src/server/connection-errors'
import { pingServer } from '../../../src/server/health-probe'
import { ownFaultServer } from '../own-fault-server.ts'
import { projectWith } from '../provision/project-fixture'

/** Slack for a loaded machine: a bound is met when the wait ends within it plus this. */
const SLACK_MS = 4_000

const server = ownFaultServer('frozen')

async function frozenWhile<T>(work: () => Promise<T>): Promise<T> {
  await server().freeze()
  try {
    return await work()
  } finally {
    await server().thaw()
  }
}

async function elapsed(work: () => Promise<unknown>): Promise<{ ms: number; error: unknown }> {
  const started = Date.now()
  const error = await work().then(
    () => undefined,
    (caught: unknown) => caught,
  )
  return { ms: Date.now() - started, error }
}

it('an admin query the frozen server never answers fails after the query timeout, as a connection error', async () => {
  const pool = createAdminPool({
    ...adminClientConfig(server().adminUrl, 'test', { connectTimeoutMs: 1_000, queryTimeoutMs: 1_000 }),
    max: 2,
  })
  await pool.query('SELECT 1')
  const { query, end } = await frozenWhile(async () => ({
    query: await elapsed(() => pool.query('SELECT 1')),
    // pg's end() waits for the server to close its side, which a frozen server never does.
    end: await elapsed(() => endPool(pool, 1_000)),
  }))
  expect((query.error as Error).message).toBe('Query read timeout')
  expect(isConnectionError(query.error)).toBe(true)
  expect(query.ms).toBeGreaterThanOrEqual(900)
  expect(query.ms).toBeLessThan(1_000 + SLACK_MS)
  expect(end.ms).toBeLessThan(1_000 + SLACK_MS)
})

it('a health probe of the frozen server gives up within its timeout', async () => {
  const { ms, error } = await frozenWhile(() => elapsed(() => pingServer(server().adminUrl, 1_000)))
  expect(isConnectionError(error), String(error)).toBe(true)
  expect(ms).toBeLessThan(2 * 1_000 + SLACK_MS)
})

it('the close of a run on a frozen server gives up after closeTimeoutMs, with DBSAFE_CLOSE_TIMEOUT', async () => {
  const project = await projectWith({
    'migrations/001_books.sql': 'CREATE TABLE books (id serial PRIMARY KEY);',
  })
  const provisioner = await createProvisioner({
    root: project,
    url: server().adminUrl,
    migrations: 'migrations',
    databasePrefix: 'frozen',
    warmDatabases: 0,
    cloneStrategy: 'WAL_LOG',
    dropAfterExit: false,
    // Generous for the setup on a loaded machine: the close is bounded by closeTimeoutMs whatever the query timeout.
    adminQueryTimeoutMs: 15_000,
    closeTimeoutMs: 2_000,
    onLog: () => {},
  })
  const lease = await provisioner.lease('worker')
  await lease.release('dirty')
  const { ms, error } = await frozenWhile(() => elapsed(() => provisioner.close()))
  expect(isDbsafeError(error, 'DBSAFE_CLOSE_TIMEOUT'), String(error)).toBe(true)
  expect((error as Error).message).not.toContain(server().secret)
  expect(ms).toBeGreaterThanOrEqual(1_900)
  expect(ms).toBeLessThan(2_000 + SLACK_MS)
  // What it left is the next run's to reap once the thawed server has noticed the dropped connections (the run's
  // liveness lock goes with its session).
  await eventually(
    async () =>
      (
        await withAdminClient(server().adminUrl, (client) =>
          client.query("SELECT 1 FROM pg_stat_activity WHERE application_name LIKE 'dbsafe-run-%'"),
        )
      ).rowCount === 0,
    15_000,
    'the frozen run’s session ended',
  )
  const next = await createProvisioner({
    root: project,
    url: server().adminUrl,
    databasePrefix: 'frozen',
    onLog: () => {},
  })
  await next.reaped
  // Dropped by the close once the server answered again, or by the next run's reaper: either way, not left.
  expect(await runDatabases(server().adminUrl, 'frozen')).not.toContain(lease.name)
  await next.close()
})
