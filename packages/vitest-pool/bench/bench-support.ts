// Helpers shared by the benchmarks that run Vitest on generated fixtures (not a benchmark itself).
import pg from 'pg'
import type { RunnerTask } from 'vitest'

/** Runs one statement on `url` with a short-lived connection. */
export async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

/** A task and every task below it. */
export function flatten(task: RunnerTask): RunnerTask[] {
  return 'tasks' in task ? [task, ...task.tasks.flatMap(flatten)] : [task]
}

/** Drops every database named `<prefix>_…` on `adminUrl`, templates included (the bench's cleanup). */
export async function dropPrefixedDatabases(adminUrl: string, prefix: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE left(datname, length($1) + 1) = $1 || '_'`,
      [prefix],
    )
    for (const { datname } of rows) {
      await client.query(`ALTER DATABASE "${datname}" IS_TEMPLATE false`)
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`)
    }
  } finally {
    await client.end()
  }
}
