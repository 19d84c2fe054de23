/** PostgreSQL keeps `application_name` to NAMEDATALEN - 1 bytes. */
const MAX_BYTES = 63

/**
 * The `application_name` dbsafe gives the sessions of a test file, so `pg_stat_activity` shows who
 * holds what: `dbsafe <file> > <test>`; when that exceeds 63 bytes, the file's folders are dropped first
 * (`dbsafe …/orders.test.ts > refunds`), then the end is cut.
 */
export function applicationName(file: string, test: string | undefined): string {
  const suffix = test ? ` > ${test}` : ''
  const full = `dbsafe ${file}${suffix}`
  // The file name says more than the folders leading to it: those go first.
  const name = Buffer.byteLength(full) <= MAX_BYTES ? full : `dbsafe …/${file.split('/').pop()}${suffix}`
  const bytes = Buffer.from(name)
  if (bytes.length <= MAX_BYTES) return name
  return `${bytes
    .subarray(0, MAX_BYTES - 3)
    .toString()
    .replace(/\uFFFD$/, '')}…`
}
