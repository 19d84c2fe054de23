/** Options of {@link databaseEnv}. */
export interface DatabaseEnvOptions {
  /** Name of the variable that receives the whole URL. Default: `DATABASE_URL`. */
  urlVariable?: string
}

/**
 * The environment that points an application at one database: the URL variable (default `DATABASE_URL`)
 * plus `PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD` and `PGDATABASE` for libpq-style clients.
 * Contains the password: never print the result.
 */
export function databaseEnv(url: string, options: DatabaseEnvOptions = {}): Record<string, string> {
  const parsed = new URL(url)
  const env: Record<string, string> = {
    [options.urlVariable ?? 'DATABASE_URL']: url,
    PGHOST: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    PGPORT: parsed.port || '5432',
    PGDATABASE: decodeURIComponent(parsed.pathname.replace(/^\//, '')),
  }
  if (parsed.username) env.PGUSER = decodeURIComponent(parsed.username)
  if (parsed.password) env.PGPASSWORD = decodeURIComponent(parsed.password)
  const host = parsed.searchParams.get('host')
  if (host) env.PGHOST = host
  return env
}

/** Every variable {@link databaseEnv} may set: what a file without a database must not inherit. */
export function databaseEnvKeys(options: DatabaseEnvOptions = {}): string[] {
  return [options.urlVariable ?? 'DATABASE_URL', 'PGHOST', 'PGPORT', 'PGUSER', 'PGPASSWORD', 'PGDATABASE']
}
