// The hand-made "database per worker" setup a competent team writes without dbsafe (the pattern of the Argos and
// AssurancePlatform threads): one template database built from the migrations and the seed, then one copy per
// worker (`CREATE DATABASE … TEMPLATE`, a file copy), all dropped at the end. The setup file routes each test file
// to the copy of its VITEST_POOL_ID.
import { runSql, suiteSql, withDatabase } from './sql-files.ts'

export default async function setup(): Promise<() => Promise<void>> {
  const server = process.env.BENCH_SERVER_URL as string
  const prefix = process.env.BENCH_DB_PREFIX as string
  const workers = Number(process.env.BENCH_WORKERS)
  const root = process.env.BENCH_SUITE_ROOT as string
  const template = `${prefix}_tpl`
  await runSql(server, [`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`, `CREATE DATABASE ${template}`])
  await runSql(withDatabase(server, template), suiteSql(root))
  const copies = Array.from({ length: workers }, (_, index) => `${prefix}_w${index + 1}`)
  // Vitest reuses a pool id before the previous file's process has exited: the copies stay for the whole run.
  await runSql(
    server,
    copies.flatMap((name) => [
      `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`,
      `CREATE DATABASE ${name} TEMPLATE ${template}`,
    ]),
  )
  return async () => {
    await runSql(
      server,
      [...copies, template].map((name) => `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    )
  }
}
