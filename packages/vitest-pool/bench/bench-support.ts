// Helpers shared by the benchmarks that run Vitest on generated fixtures (not a benchmark itself).
import { existsSync, readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
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

/** Drops every database named `<prefix>_…` on `adminUrl`, templates included, then its roles (the bench's cleanup). */
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
    // Then the roles dbsafe made for them (the templates' owners and readers, leftover login roles).
    const roles = await client.query<{ rolname: string }>(
      `SELECT rolname FROM pg_roles WHERE left(rolname, length($1) + 1) = $1 || '_'`,
      [prefix],
    )
    for (const { rolname } of roles.rows) {
      await client.query(`DROP OWNED BY "${rolname}"`).catch(() => {})
      await client.query(`DROP ROLE IF EXISTS "${rolname}"`).catch(() => {})
    }
  } finally {
    await client.end()
  }
}

/** The q-quantile (0 to 1) of `xs`, interpolated linearly between the nearest ranks. */
export function quantile(xs: readonly number[], q: number): number {
  const sorted = [...xs].sort((a, b) => a - b)
  const at = (sorted.length - 1) * q
  const below = Math.floor(at)
  const above = Math.min(below + 1, sorted.length - 1)
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (at - below)
}

export const median = (xs: readonly number[]): number => quantile(xs, 0.5)

/** A ratio as a signed cost: 1.023 → `+2.3%`, 0.99 → `-1.0%`. */
export function percent(ratio: number): string {
  const cost = (ratio - 1) * 100
  return `${cost >= 0 ? '+' : ''}${cost.toFixed(1)}%`
}

/** Ratios summarised: their median as a cost, the interquartile range and the whole range. */
export function ratioSpread(ratios: readonly number[]): { median: string; iqr: string; range: string } {
  return {
    median: percent(median(ratios)),
    iqr: `${percent(quantile(ratios, 0.25))}…${percent(quantile(ratios, 0.75))}`,
    range: `${percent(Math.min(...ratios))}…${percent(Math.max(...ratios))}`,
  }
}

/** The machine's CPU time so far, busy and in all, in clock ticks summed over CPUs (Linux; zeros elsewhere). */
export function cpuTicks(): { busy: number; total: number } {
  if (!existsSync('/proc/stat')) return { busy: 0, total: 0 }
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] =
    readFileSync('/proc/stat', 'utf8').split('\n')[0]!.split(/\s+/).slice(1).map(Number)
  const busy = user + nice + system + irq + softirq + steal
  return { busy, total: busy + idle + iowait }
}

/** How many CPUs were busy on average between two {@link cpuTicks}, by anyone: ours and other load. */
export function busyCpus(from: ReturnType<typeof cpuTicks>, to: ReturnType<typeof cpuTicks>): number {
  const total = to.total - from.total
  return total > 0 ? ((to.busy - from.busy) / total) * availableParallelism() : 0
}
