import { DbsafeError } from '@dbsafe/core'
import { describeStatement } from './call-site'

/** One connection left checked out, for a message. */
export interface LeakedConnection {
  acquiredAt: string
  heldMs: number
}

/** A test ended with connections still checked out. */
export function leakError(test: string, file: string, leaks: readonly LeakedConnection[]): DbsafeError {
  const count = leaks.length === 1 ? '1 connection' : `${leaks.length} connections`
  const lines = leaks.map(
    (leak) => `  - checked out at ${leak.acquiredAt}, held ${Math.round(leak.heldMs)} ms`,
  )
  return new DbsafeError(
    'DBSAFE_CONNECTION_LEAK',
    `test "${test}" in ${file} ended with ${count} still checked out:\n${lines.join('\n')}\n` +
      'dbsafe closed them so the next tests get a working pool.',
    {
      hint:
        'Release every client you check out (`client.release()` in a `finally`), await every query, ' +
        "or set `leaks: 'warn'`.",
    },
  )
}

/** A pool checkout waited longer than the acquire timeout. */
export function acquireTimeoutError(options: {
  test: string | undefined
  file: string
  waitedMs: number
  max: number | undefined
  holders: readonly string[]
  cause: Error
}): DbsafeError {
  const where = options.test ? `test "${options.test}" in ${options.file}` : options.file
  const holders = options.holders.length
    ? `; held by:\n${options.holders.map((at) => `  - ${at}`).join('\n')}`
    : ''
  return new DbsafeError(
    'DBSAFE_ACQUIRE_TIMEOUT',
    `${where} waited ${Math.round(options.waitedMs)} ms for a connection from a pool of ` +
      `${options.max ?? 10}, all checked out${holders}`,
    {
      cause: options.cause,
      hint:
        'Release connections you check out before asking for another (a client held across an await of ' +
        'another query exhausts small pools), or raise the pool’s `max` or dbsafe’s `acquireTimeoutMs`.',
    },
  )
}

/** PostgreSQL cancelled a statement at the session's `statement_timeout`. */
export function statementTimeoutError(options: {
  test: string | undefined
  file: string
  statement: string
  cause: Error
}): DbsafeError {
  const where = options.test ? `test "${options.test}" in ${options.file}` : options.file
  return new DbsafeError(
    'DBSAFE_STATEMENT_TIMEOUT',
    `${where}: \`${describeStatement(options.statement)}\` ran longer than the session's statement_timeout ` +
      'and PostgreSQL cancelled it.',
    {
      cause: options.cause,
      hint:
        'Find what it waits for (a lock held by another connection of the test? a missing index?), or ' +
        'raise `statementTimeoutMs` (default 4000).',
    },
  )
}

/** The warning printed for a query that reached the driver after its test ended. */
export function lateQueryWarning(
  statement: string,
  test: string,
  file: string,
  at: string | undefined,
): string {
  return (
    `dbsafe: \`${describeStatement(statement)}\` was issued by test "${test}" in ${file}` +
    `${at ? ` (at ${at})` : ''} but reached the database after that test ended. ` +
    'Await every query inside its test.'
  )
}
