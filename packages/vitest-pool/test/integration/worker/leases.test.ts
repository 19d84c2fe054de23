import type { ConnectionFileMetrics, ConnectionUsage } from '@dbsafe/core'
import { describe, expect, test } from 'vitest'
import { testServers } from '../../../../../test/utils/test-servers'
import { runFixture } from './run-fixture'

const FILE = 'packages/vitest-pool/test/integration/worker/fixtures/leases.fixture.ts'

/** Durations vary from run to run: `held 3 ms` → `held <n> ms`. */
const stable = (text: string) => text.replace(/\d+ ms/g, '<n> ms')

describe.each(testServers())('connection tracking on $name', (server) => {
  test('a leak, an exhausted pool, a slow query and a late query, as a user sees them', async () => {
    const run = await runFixture(server, 'leases.fixture.ts', {
      transaction: false,
      tracking: { acquireTimeoutMs: 300, statementTimeoutMs: 300 },
    })

    expect(run.failures.map(stable)).toEqual([
      `leaks a connection: test "leases > leaks a connection" in ${FILE} ended with 1 connection still checked out:\n` +
        `  - checked out at ${FILE}:22:31, held <n> ms\n` +
        'dbsafe closed them so the next tests get a working pool.\n' +
        '  How to fix: Release every client you check out (`client.release()` in a `finally`), await every ' +
        "query, or set `leaks: 'warn'`.",
      `exhausts the pool: test "leases > exhausts the pool" in ${FILE} waited <n> ms for a connection from a pool ` +
        'of 2, all checked out; held by:\n' +
        `  - ${FILE}:27:30 by test "leases > exhausts the pool"\n` +
        `  - ${FILE}:28:31 by test "leases > exhausts the pool"\n` +
        '  How to fix: Release connections you check out before asking for another (a client held across an ' +
        'await of another query exhausts small pools), or raise the pool’s `max` or dbsafe’s `acquireTimeoutMs`.',
      `runs a slow query: test "leases > runs a slow query" in ${FILE}: \`SELECT pg_sleep(2)\` ran longer than ` +
        "the session's statement_timeout and PostgreSQL cancelled it.\n" +
        '  How to fix: Find what it waits for (a lock held by another connection of the test? a missing index?), ' +
        'or raise `statementTimeoutMs` (default 4000).',
    ])
    expect(run.logs).toEqual([
      `dbsafe: \`SELECT 3 AS late\` was issued by test "leases > sends a late query" in ${FILE} (at ${FILE}:42:83) ` +
        'but reached the database after that test ended. Await every query inside its test.',
    ])

    const file = run.fileMeta.dbsafeConnections as ConnectionFileMetrics
    expect(file.leaks).toEqual([
      { test: 'leases > leaks a connection', acquiredAt: `${FILE}:22:31`, heldMs: expect.any(Number) },
    ])
    expect(file.lateQueries).toEqual([
      { test: 'leases > sends a late query', sql: 'SELECT 3 AS late', at: `${FILE}:42:83` },
    ])
    expect(file.closedAtEnd).toEqual({ pools: 1, clients: 0 })
    expect(file.usage).toMatchObject({ leaks: 1, maxConnectionsHeld: 2 })
    // At least the checkout that timed out; a loaded machine may make another wait past the threshold.
    expect(file.usage.exhaustedWaits).toBeGreaterThanOrEqual(1)
    expect(file.slowestStatements[0]).toMatchObject({ sql: 'SELECT pg_sleep($1)', calls: 1 })
    expect(file.slowestStatements[0]?.maxMs).toBeGreaterThanOrEqual(250)

    const exhausted = run.testMeta['exhausts the pool']?.dbsafeConnections as ConnectionUsage
    expect(exhausted).toMatchObject({ checkouts: 2, maxConnectionsHeld: 2 })
    expect(exhausted.exhaustedWaits).toBeGreaterThanOrEqual(1)
    expect(exhausted.maxAcquireWaitMs).toBeGreaterThanOrEqual(300)
    const released = run.testMeta['releases what it checks out']?.dbsafeConnections as ConnectionUsage
    expect(released).toMatchObject({ queries: 1, checkouts: 1, maxConnectionsHeld: 1, leaks: 0 })
  })
})

describe.each(testServers())('connection tracking under transaction per test on $name', (server) => {
  test('the same misuse is caught on the pinned connection, and the late query is refused', async () => {
    const run = await runFixture(server, 'leases.fixture.ts', {
      transaction: { statementTimeoutMs: 300 },
      tracking: { acquireTimeoutMs: 300 },
    })

    expect(run.failures.map((failure) => failure.split(':')[0])).toEqual([
      'leaks a connection',
      'exhausts the pool',
      'runs a slow query',
      'runs while the late query arrives',
    ])
    expect(run.failures[0]).toContain(`checked out at ${FILE}:22:31`)
    expect(run.failures[1]).toContain('waited')
    expect(run.failures[2]).toContain("`SELECT pg_sleep(2)` ran longer than the session's statement_timeout")
    expect(run.failures[3]).toContain('`SELECT 3 AS late` was issued by test "leases > sends a late query"')
    expect(run.logs).toHaveLength(1)
    const file = run.fileMeta.dbsafeConnections as ConnectionFileMetrics
    expect(file.leaks).toHaveLength(1)
    expect(file.lateQueries).toHaveLength(1)
  })
})
