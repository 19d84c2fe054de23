import { DbsafeError } from '@dbsafe/core'
import { applicationFrame, describeStatement } from './call-site'

/** Where a statement ran: the test (full name) and the file, for messages. */
export interface StatementOrigin {
  /** `suite > test`, or undefined outside a test. */
  test: string | undefined
  /** Root-relative test file. */
  file: string
  /** The project root: stack frames in messages are relative to it. */
  root: string
}

const LEVEL_HINT =
  'Mark the file `// @db-level shared-writes` (or `schema-changes` for DDL) so it gets its own database ' +
  'instead of a rolled-back transaction, or move the statement out of the test.'

function where(origin: StatementOrigin): string {
  return origin.test ? `test "${origin.test}" in ${origin.file}` : origin.file
}

function at(stack: string | undefined, origin: StatementOrigin): string {
  const frame = applicationFrame(stack, origin.root)
  return frame ? ` (at ${frame})` : ''
}

/** A statement a transaction cannot hold, refused before it reached the server. */
export function notTransactionalError(what: string, statement: string, origin: StatementOrigin): DbsafeError {
  const why =
    what === 'LISTEN'
      ? 'notifications are delivered only after a commit, and a test transaction never commits'
      : `${what} cannot run inside a transaction block`
  return new DbsafeError(
    'DBSAFE_NOT_TRANSACTIONAL',
    `${where(origin)} ran \`${describeStatement(statement)}\`${at(new Error().stack, origin)}, but this file runs ` +
      `each test inside a transaction that is rolled back (isolated-writes) and ${why}.`,
    { hint: LEVEL_HINT },
  )
}

/** PostgreSQL itself refused a statement inside the transaction (25001, 2D000). */
export function serverNotTransactionalError(
  cause: Error,
  statement: string,
  origin: StatementOrigin,
): DbsafeError {
  return new DbsafeError(
    'DBSAFE_NOT_TRANSACTIONAL',
    `${where(origin)} ran \`${describeStatement(statement)}\`${at(cause.stack, origin)}, which PostgreSQL refuses inside ` +
      `the test's transaction: ${cause.message}.`,
    { cause, hint: LEVEL_HINT },
  )
}

/** A query waited for another connection's transaction, which never ended: a deadlock under one pinned connection. */
export function deadlockError(options: {
  waitedMs: number
  statement: string
  waitingStack: string | undefined
  ownerBeginStack: string | undefined
  origin: StatementOrigin
}): DbsafeError {
  const began = applicationFrame(options.ownerBeginStack, options.origin.root)
  return new DbsafeError(
    'DBSAFE_CONNECTION_DEADLOCK',
    `${where(options.origin)}: \`${describeStatement(options.statement)}\`${at(options.waitingStack, options.origin)} waited ` +
      `${options.waitedMs} ms for another connection's open transaction${began ? ` (BEGIN at ${began})` : ''}, ` +
      'which made no progress meanwhile. In a test transaction every connection shares one pinned ' +
      'connection, so a query on a second connection cannot run while the first holds a transaction; ' +
      'awaiting it from inside that transaction would hang forever.',
    {
      hint:
        'Run the query on the transaction’s own client (`trx`/`tx`, not the pool), or mark the file ' +
        '`// @db-level shared-writes` if it really needs two concurrent sessions.',
    },
  )
}

/** Adds to a 25P02 error the statement that aborted the transaction in the first place. */
export function explainAbortedTransaction(error: Error, firstFailure: string | undefined): Error {
  if (firstFailure && !error.message.includes('dbsafe:')) {
    error.message += ` (dbsafe: the transaction was aborted earlier by \`${describeStatement(firstFailure)}\`)`
  }
  return error
}

/** A query issued in a test that reached the pinned connection after the test ended: it is not run. */
export function lateQueryError(statement: string, test: string, origin: StatementOrigin): DbsafeError {
  return new DbsafeError(
    'DBSAFE_LATE_QUERY',
    `\`${describeStatement(statement)}\` was issued by test "${test}" in ${origin.file} but reached the ` +
      `database after that test ended${origin.test ? ` (now in "${origin.test}")` : ''}; dbsafe did not run it, ` +
      'because its writes would escape the rolled-back transaction.',
    { hint: 'Await every query inside the test (a missing `await`, or a fire-and-forget promise).' },
  )
}
