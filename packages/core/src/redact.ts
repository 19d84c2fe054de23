/**
 * A connection string with its password replaced by `***`, safe to print.
 * Strings that are not URLs are returned with any `password=…` pair masked.
 */
export function redactConnectionString(value: string): string {
  try {
    const url = new URL(value)
    if (url.password) url.password = '***'
    for (const key of [...url.searchParams.keys()]) {
      if (/pass/i.test(key)) url.searchParams.set(key, '***')
    }
    return url.toString()
  } catch {
    return value.replace(/(password\s*=\s*)(\S+)/gi, '$1***')
  }
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
