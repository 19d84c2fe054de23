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
