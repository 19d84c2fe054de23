import { DbsafeError, redactConnectionString } from '@dbsafe/core'

const ENCODE_HINT =
  'percent-encode special characters of the user and password (# → %23, / → %2F, @ → %40, : → %3A, ? → %3F), e.g. postgres://user:p%23ss@host:5432/postgres.'

/**
 * Checks the server URL before anything connects with it: a `postgres://` or `postgresql://` URL that parses,
 * with a numeric port if any. The error shows the URL with its password masked, and carries no `cause`:
 * Node's URL error holds the raw input, password included.
 */
export function checkServerUrl(url: string): void {
  const invalid = (why: string) =>
    new DbsafeError('DBSAFE_CONFIG_INVALID', `dbsafe's url ${redactConnectionString(url)} ${why}.`, {
      hint: ENCODE_HINT,
    })
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw invalid('is not a valid URL')
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new DbsafeError(
      'DBSAFE_CONFIG_INVALID',
      `dbsafe's url ${redactConnectionString(url)} is not a PostgreSQL URL (it starts with ${parsed.protocol}//).`,
      {
        hint: 'use postgres://user:password@host:5432/postgres (the maintenance database of a superuser or CREATEDB role).',
      },
    )
  }
  if (parsed.hostname === '' && !parsed.searchParams.get('host')) throw invalid('names no host')
}
