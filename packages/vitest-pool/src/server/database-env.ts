import { DbsafeError } from '@dbsafe/core'

/** A part of a file's connection that a variable of the `env` option can receive. */
export type ConnectionPart = 'url' | 'host' | 'port' | 'user' | 'password' | 'database'

/** Every {@link ConnectionPart}, in the order the docs list them. */
export const CONNECTION_PARTS: readonly ConnectionPart[] = [
  'url',
  'host',
  'port',
  'user',
  'password',
  'database',
]

/**
 * One file's connection, split into its parts: what an `env` function receives. `user` and `password` are
 * `''` when the URL has none. Contains the password: never print it.
 */
export type FileConnection = Record<ConnectionPart, string>

/** What one variable of the `env` option receives: a part of the file's connection, or a function of it. */
export type EnvRoute = ConnectionPart | ((connection: FileConnection) => string)

/** Options of {@link databaseEnv}. */
export interface DatabaseEnvOptions {
  /** Name of the variable that receives the whole URL. Default: `DATABASE_URL`. */
  urlVariable?: string
  /** More variables, each receiving a part of the connection (see `DbsafeOptions.env`). Default: none. */
  env?: Readonly<Record<string, EnvRoute>>
}

/** The variables libpq-style clients read, and the part each receives. */
const PG_VARIABLES: Readonly<Record<string, ConnectionPart>> = {
  PGHOST: 'host',
  PGPORT: 'port',
  PGUSER: 'user',
  PGPASSWORD: 'password',
  PGDATABASE: 'database',
}

/** Splits a PostgreSQL URL into its parts; a `?host=` parameter (a socket folder) wins over the URL's host. */
export function fileConnection(url: string): FileConnection {
  const parsed = new URL(url)
  return {
    url,
    host: parsed.searchParams.get('host') || parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: parsed.port || '5432',
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database: decodeURIComponent(parsed.pathname.replace(/^\//, '')),
  }
}

/**
 * The environment that points an application at one database: the URL variable (default `DATABASE_URL`),
 * `PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD` and `PGDATABASE` for libpq-style clients, then every variable
 * of `options.env` (which wins over the others). A part that is empty (no user or password in the URL) is
 * left out, so the variable is unset rather than inherited. Contains the password: never print the result.
 */
export function databaseEnv(url: string, options: DatabaseEnvOptions = {}): Record<string, string> {
  const connection = fileConnection(url)
  const routes: [string, EnvRoute][] = [
    [options.urlVariable ?? 'DATABASE_URL', 'url'],
    ...Object.entries(PG_VARIABLES),
    ...Object.entries(options.env ?? {}),
  ]
  const env: Record<string, string> = {}
  for (const [name, route] of routes) {
    const value: unknown = typeof route === 'function' ? route(connection) : connection[route]
    if (typeof value !== 'string') {
      throw new DbsafeError(
        'DBSAFE_CONFIG_INVALID',
        `dbsafe's env.${name} function returned ${typeof value}.`,
        {
          hint: 'Return the value of the variable as a string (an empty string leaves it unset).',
        },
      )
    }
    if (value === '') delete env[name]
    else env[name] = value
  }
  return env
}

/**
 * Every variable {@link databaseEnv} may set: what a file without a database must not inherit, and what a
 * database file's own values replace.
 */
export function databaseEnvKeys(options: DatabaseEnvOptions = {}): string[] {
  return [
    ...new Set([
      options.urlVariable ?? 'DATABASE_URL',
      ...Object.keys(PG_VARIABLES),
      ...Object.keys(options.env ?? {}),
    ]),
  ]
}
