import { describe, expect, it } from 'vitest'
import type { ServerFacts } from '../../../src/server/server-facts'
import { usableConnections } from '../../../src/server/server-facts'
import { LARGE_DATABASE_BYTES, nonTestServerReasons } from '../../../src/server/test-server-guard'

const testServer: ServerFacts = {
  versionNum: 180001,
  maxConnections: 200,
  reservedConnections: 3,
  inRecovery: false,
  canCreateDatabases: true,
  databases: [
    { name: 'postgres', sizeBytes: 7_000_000 },
    { name: 'app_test', sizeBytes: 9_000_000 },
  ],
}

describe('nonTestServerReasons', () => {
  it('accepts a local server with small databases', () => {
    expect(nonTestServerReasons('postgres://u:p@localhost:5432/postgres', testServer)).toEqual([])
    expect(nonTestServerReasons('postgres://u:p@postgres:5432/postgres', testServer)).toEqual([])
  })

  it('refuses a standby, a managed cloud host, production-like names and large databases', () => {
    const facts: ServerFacts = {
      ...testServer,
      inRecovery: true,
      databases: [
        { name: 'shop_production', sizeBytes: 1 },
        { name: 'prod', sizeBytes: 1 },
        { name: 'analytics', sizeBytes: LARGE_DATABASE_BYTES + 1 },
        { name: 'product_catalog', sizeBytes: 1 },
      ],
    }
    const reasons = nonTestServerReasons('postgres://u:p@db1.abc.eu-west-1.rds.amazonaws.com/app', facts)
    expect(reasons).toHaveLength(5)
    expect(reasons.join('\n')).toMatch(/standby/)
    expect(reasons.join('\n')).toMatch(/managed cloud/)
    expect(reasons.join('\n')).toMatch(/shop_production/)
    expect(reasons.join('\n')).toMatch(/analytics holds 5\.0 GiB/)
    expect(reasons.join('\n')).not.toMatch(/product_catalog/)
  })

  it('budgets max_connections minus the reserved slots', () => {
    expect(usableConnections(testServer)).toBe(197)
  })
})
