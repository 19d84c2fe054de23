import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { inject } from 'vitest'

/** A PostgreSQL server the integration tests run against. */
export interface TestServer {
  /** `embedded` (started for this run) or `external` (DBSAFE_TEST_ADMIN_URL). */
  name: string
  /** Superuser URL of a maintenance database. */
  adminUrl: string
}

declare module 'vitest' {
  interface ProvidedContext {
    dbsafeTestServers: TestServer[]
  }
}

/** Every server of this run: use with `describe.each(testServers())('on %s', …)`. */
export function testServers(): TestServer[] {
  return inject('dbsafeTestServers')
}

/** A database name no other test (or concurrent run) uses: `dbsafe_test_<tag>_<random>`. */
export function uniqueDatabaseName(tag: string): string {
  return `dbsafe_test_${tag.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`
}

/** Runs `fn` with a connected admin client and always closes it. */
export async function withAdminClient<T>(
  adminUrl: string,
  fn: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}
