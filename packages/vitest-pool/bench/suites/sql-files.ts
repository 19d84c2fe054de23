// The schema and data of a suite, as its own setup applies them: every `migrations/*.sql` by name, then `seed.sql`.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'

/** The SQL of a suite's migrations (by file name) and seed, in the order they are applied. */
export function suiteSql(root: string): string[] {
  const migrations = join(root, 'migrations')
  const files = readdirSync(migrations)
    .filter((name) => name.endsWith('.sql'))
    .sort()
    .map((name) => readFileSync(join(migrations, name), 'utf8'))
  const seed = join(root, 'seed.sql')
  return existsSync(seed) ? [...files, readFileSync(seed, 'utf8')] : files
}

/** Runs statements on `url`, one connection. */
export async function runSql(url: string, statements: readonly string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    for (const sql of statements) await client.query(sql)
  } finally {
    await client.end()
  }
}

/** `url` with another database. */
export function withDatabase(url: string, database: string): string {
  const next = new URL(url)
  next.pathname = `/${database}`
  return next.href
}
