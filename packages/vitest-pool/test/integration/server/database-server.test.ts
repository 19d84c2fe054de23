import { isDbsafeError } from '@dbsafe/core'
import { describe, expect, it } from 'vitest'
import { testServers, withAdminClient } from '../../../../../test/utils/test-servers'
import { openDatabaseServer } from '../../../src/server/database-server'
import { startEmbeddedServer } from '../../../src/server/embedded-server'
import { findFreePort } from '../../../src/server/free-port'

describe.each(testServers())('user server $name', ({ adminUrl }) => {
  it('is probed and reports its version and connection budget', async () => {
    const server = await openDatabaseServer({ url: adminUrl, databasePrefix: 'dbsafe' })
    try {
      expect(server.kind).toBe('external')
      const expected = await withAdminClient(adminUrl, async (client) => {
        const { rows } = await client.query<{ n: number }>(
          `SELECT current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int
                  - coalesce(current_setting('reserved_connections', true), '0')::int AS n`,
        )
        return rows[0]!.n
      })
      expect(server.usableConnections).toBe(expected)
      expect(server.versionNum).toBeGreaterThanOrEqual(150000)
    } finally {
      await server.close()
      await server.close()
    }
  })
})

describe('server checks', () => {
  it('gives up on a closed port with DBSAFE_SERVER_UNREACHABLE after its timeout', async () => {
    const port = await findFreePort()
    const error = await openDatabaseServer({
      url: `postgres://postgres:secret@127.0.0.1:${port}/postgres`,
      databasePrefix: 'dbsafe',
      startupTimeoutMs: 300,
    }).catch((e: unknown) => e)
    expect(isDbsafeError(error, 'DBSAFE_SERVER_UNREACHABLE')).toBe(true)
    expect((error as Error).message).toContain(`127.0.0.1:${port}`)
    expect((error as Error).message).not.toContain('secret')
  })

  it('does not retry a wrong password, and never prints it', async () => {
    const embedded = testServers().find((server) => server.name === 'embedded')!
    const url = new URL(embedded.adminUrl)
    url.password = 'not-the-password'
    const error = await openDatabaseServer({
      url: url.toString(),
      databasePrefix: 'dbsafe',
      startupTimeoutMs: 60_000,
    }).catch((e: unknown) => e)
    expect(isDbsafeError(error, 'DBSAFE_SERVER_UNREACHABLE')).toBe(true)
    expect((error as Error).message).toContain('(1 attempt(s)')
    expect((error as Error).message).toContain('password authentication failed')
    expect((error as Error).message).not.toContain('not-the-password')
  })

  it.each([
    [
      'a host name that does not resolve',
      'postgres://postgres:s3cret@dbsafe-no-such-host.invalid:5432/postgres',
      /ENOTFOUND/,
    ],
    ['TLS the server does not offer', '', /does not support SSL/],
  ])('fails at once, without retrying for its timeout, on %s', async (_, given, reason) => {
    const embedded = testServers().find((server) => server.name === 'embedded')!
    const url = given || `${embedded.adminUrl}${embedded.adminUrl.includes('?') ? '&' : '?'}sslmode=require`
    const error = await openDatabaseServer({ url, databasePrefix: 'dbsafe', startupTimeoutMs: 60_000 }).catch(
      (e: unknown) => e,
    )
    expect(isDbsafeError(error, 'DBSAFE_SERVER_UNREACHABLE')).toBe(true)
    expect((error as Error).message).toContain('(1 attempt(s)')
    expect((error as Error).message).toMatch(reason)
    expect((error as Error).message).not.toContain('s3cret')
  })

  it('refuses a server that looks like it holds real data, unless allowed', async () => {
    const server = await startEmbeddedServer()
    try {
      await withAdminClient(server.adminUrl, (client) => client.query('CREATE DATABASE shop_production'))
      const error = await openDatabaseServer({ url: server.adminUrl, databasePrefix: 'dbsafe' }).catch(
        (e: unknown) => e,
      )
      expect(isDbsafeError(error, 'DBSAFE_SERVER_NOT_FOR_TESTS')).toBe(true)
      expect((error as Error).message).toContain('shop_production')
      expect((error as Error).message).toContain('allowNonTestServer')
      const allowed = await openDatabaseServer({
        url: server.adminUrl,
        databasePrefix: 'dbsafe',
        allowNonTestServer: true,
      })
      await allowed.close()
    } finally {
      await server.stop()
    }
  })
})
