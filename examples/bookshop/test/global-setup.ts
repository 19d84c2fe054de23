import { randomBytes } from 'node:crypto'
import { Client } from 'pg'
import { migrate } from '../src/migrate'
import { seed } from '../src/seed'

const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres'

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

/**
 * The test database of `pnpm test:serial` and `pnpm test:shared`: DATABASE_URL when it is set
 * (already migrated and seeded), otherwise a new database on BOOKSHOP_SERVER_URL (default: the
 * local server), migrated and seeded here and dropped after the run.
 */
export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env.DATABASE_URL) return undefined

  const serverUrl = process.env.BOOKSHOP_SERVER_URL ?? DEFAULT_SERVER_URL
  const name = `bookshop_test_${randomBytes(4).toString('hex')}`
  const databaseUrl = new URL(serverUrl)
  databaseUrl.pathname = `/${name}`

  await withClient(serverUrl, (admin) => admin.query(`CREATE DATABASE ${name}`))
  await withClient(databaseUrl.href, async (client) => {
    await migrate(client)
    await seed(client)
  })
  process.env.DATABASE_URL = databaseUrl.href

  return async () => {
    delete process.env.DATABASE_URL
    await withClient(serverUrl, (admin) => admin.query(`DROP DATABASE ${name} WITH (FORCE)`))
  }
}
