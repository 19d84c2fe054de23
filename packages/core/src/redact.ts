/** `scheme://user:` — everything after it up to the authority's last `@` is the password. */
const USERINFO_PASSWORD = /^([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)(.*)(@[^@]*)$/is

/**
 * A connection string with its password replaced by `***`, safe to print — also when it does not parse
 * as a URL (a password with `#` or `/` in it, a port that is not a number): the password is taken to run
 * from `user:` to the last `@`, which masks too much rather than too little. `password=…` pairs (libpq
 * key/value strings, query parameters) are masked too.
 */
export function redactConnectionString(value: string): string {
  return value
    .replace(USERINFO_PASSWORD, (_, head: string, password: string, tail: string) =>
      password === '' ? `${head}${tail}` : `${head}***${tail}`,
    )
    .replace(/((?:^|[\s?&])[a-z_]*pass(?:word)?\s*=\s*)('[^']*'|[^\s&]+)/gi, '$1***')
}

/** The database name of a PostgreSQL connection URL, or undefined. */
export function databaseNameOf(url: string): string | undefined {
  try {
    const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''))
    return name || undefined
  } catch {
    return undefined
  }
}

/** The same URL pointing at another database on the same server. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url)
  parsed.pathname = `/${encodeURIComponent(database)}`
  return parsed.toString()
}
