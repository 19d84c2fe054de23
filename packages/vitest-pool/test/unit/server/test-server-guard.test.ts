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
  superuser: true,
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
    expect(reasons.join('\n')).toMatch(/analytics holds 1\.0 GiB/)
    expect(reasons.join('\n')).not.toMatch(/product_catalog/)
  })

  it.each([
    [
      'a host named like production',
      'postgres://u:p@prod-db.internal:5432/postgres',
      [],
      /host prod-db\.internal is named like production/,
    ],
    [
      'a production word inside a host name',
      'postgres://u@db.prd.example.com/postgres',
      [],
      /host db\.prd\.example\.com/,
    ],
    [
      'a camel-case database name',
      'postgres://u@localhost/postgres',
      [{ name: 'ShopProdDB', sizeBytes: 245e6 }],
      /ShopProdDB \("prod"\)/,
    ],
    [
      'a live database',
      'postgres://u@localhost/postgres',
      [{ name: 'orders_live', sizeBytes: 1 }],
      /orders_live/,
    ],
    [
      'a database above 1 GiB',
      'postgres://u@localhost/postgres',
      [{ name: 'dump', sizeBytes: 1.5 * 1024 ** 3 }],
      /dump holds 1\.5 GiB/,
    ],
    ['Azure', 'postgres://u@shop.postgres.database.azure.com/postgres', [], /managed cloud/],
    ['Neon', 'postgres://u@ep-cool-1.eu-central-1.aws.neon.tech/neondb', [], /managed cloud/],
    ['a Cloud SQL socket', 'postgres://u@localhost/postgres?host=/cloudsql/proj:eu:db', [], /cloudsql/],
    ['Prisma Postgres', 'postgres://u@db.prisma.io:5432/postgres', [], /managed cloud/],
  ])('refuses %s', (_, url, databases, reason) => {
    const reasons = nonTestServerReasons(url, {
      ...testServer,
      databases: [...testServer.databases, ...databases],
    })
    expect(reasons.join('\n')).toMatch(reason)
  })

  it.each([
    ['a CI service host', 'postgres://postgres@postgres:5432/postgres'],
    ['a word that merely contains "prod"', 'postgres://u@localhost/postgres'],
  ])('accepts %s', (_, url) => {
    const facts = {
      ...testServer,
      databases: [
        ...testServer.databases,
        { name: 'product_catalog', sizeBytes: 1 },
        { name: 'deliveries', sizeBytes: 1 },
      ],
    }
    expect(nonTestServerReasons(url, facts)).toEqual([])
  })

  it('budgets max_connections minus the reserved slots', () => {
    expect(usableConnections(testServer)).toBe(197)
  })
})
