/**
 * Where every `PG*`-reading client (pg, postgres.js, libpq) connects when a file has no database: a Unix
 * socket folder that cannot exist. The connection fails at once, and its error (`connect ENOENT
 * /nonexistent/dbsafe-gives-this-file-no-database/.s.PGSQL.5432`) says who sent it there — instead of pg's
 * defaults reaching `localhost:5432`, a developer's own server.
 */
export const NO_DATABASE_HOST = '/nonexistent/dbsafe-gives-this-file-no-database'

/** Whether a variable configures libpq-style clients (`PGHOST`, `PGSERVICE`, `PGSSLMODE`, …). */
export function isPgVariable(name: string): boolean {
  return /^PG[A-Z]/.test(name)
}

/**
 * The environment a worker process starts with, and returns to between files: the given one without
 * any database variable (`names`, every `PG*`, `DBSAFE_URL` — the admin URL) and with `PGHOST` at
 * {@link NO_DATABASE_HOST}. A file gets its own database variables only while it runs.
 */
export function noDatabaseEnv(
  env: Partial<NodeJS.ProcessEnv>,
  names: readonly string[],
): Record<string, string> {
  const drop = new Set([...names, 'DBSAFE_URL'])
  const result: Record<string, string> = {}
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && !drop.has(name) && !isPgVariable(name)) result[name] = value
  }
  result.PGHOST = NO_DATABASE_HOST
  return result
}

/**
 * Points `env` at one file's database: removes `unset` and every `PG*` variable, points `PGHOST` at
 * {@link NO_DATABASE_HOST}, then sets `set` (a file with a database overrides `PGHOST`). Returns what puts
 * the database variables back as they were — `unset`, `set` and every `PG*` variable, also those the
 * file's own code added meanwhile. Nothing of the file's database variables is left after the restore.
 */
export function applyFileEnv(
  env: NodeJS.ProcessEnv,
  file: { set: Record<string, string>; unset: readonly string[] },
): () => void {
  const tracked = (name: string) => isPgVariable(name) || file.unset.includes(name) || name in file.set
  const before = Object.entries(env).filter(([name]) => tracked(name))
  const clear = () => {
    for (const name of Object.keys(env)) if (tracked(name)) delete env[name]
  }
  clear()
  env.PGHOST = NO_DATABASE_HOST
  Object.assign(env, file.set)
  return () => {
    clear()
    for (const [name, value] of before) env[name] = value
  }
}
