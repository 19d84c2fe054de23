// The generated suite's own setup before dbsafe: one database, migrated and seeded, for the whole run (serial, or
// Vitest's default pool sharing it), dropped at the end.
import { runSql, suiteSql, withDatabase } from './sql-files.ts'

export default async function setup(): Promise<() => Promise<void>> {
  const server = process.env.BENCH_SERVER_URL as string
  const name = `${process.env.BENCH_DB_PREFIX}_one`
  await runSql(server, [`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, `CREATE DATABASE ${name}`])
  await runSql(withDatabase(server, name), suiteSql(process.env.BENCH_SUITE_ROOT as string))
  process.env.DATABASE_URL = withDatabase(server, name)
  return async () => {
    await runSql(server, [`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`])
  }
}
