/**
 * Every error dbsafe raises on purpose carries a stable `code`. Branch on `code`
 * (or use {@link isDbsafeError}), never on `instanceof`: errors cross worker
 * boundaries serialised and the package may be loaded twice.
 */
export const ERROR_CODES = [
  /** A config option, CLI flag or argument is invalid. */
  'DBSAFE_CONFIG_INVALID',
  /** The PostgreSQL server could not be reached. */
  'DBSAFE_SERVER_UNREACHABLE',
  /** The server looks like one that holds real data; dbsafe refuses to use it. */
  'DBSAFE_SERVER_NOT_FOR_TESTS',
  /** The embedded PostgreSQL could not be installed, initialised or started. */
  'DBSAFE_EMBEDDED_START_FAILED',
  /** A migration or seed failed while building the template database. */
  'DBSAFE_TEMPLATE_BUILD_FAILED',
  /** A database could not be created, cloned, reset or dropped. */
  'DBSAFE_PROVISION_FAILED',
  /** Repeated connection failures: dbsafe stopped handing out databases. */
  'DBSAFE_CIRCUIT_OPEN',
  /** The end of a run did not finish within `closeTimeoutMs` (the server stopped answering): dbsafe gave up on it. */
  'DBSAFE_CLOSE_TIMEOUT',
  /** A file at `isolated-writes` ran a statement a transaction cannot hold. */
  'DBSAFE_NOT_TRANSACTIONAL',
  /** A connection was still checked out when its test ended. */
  'DBSAFE_CONNECTION_LEAK',
  /** The static analysis of a file failed. */
  'DBSAFE_ANALYSIS_FAILED',
  /** A file, manifest or SQL text could not be parsed. */
  'DBSAFE_PARSE_FAILED',
  /** A history file is corrupt. */
  'DBSAFE_HISTORY_CORRUPT',
  /** A history or manifest file was written by a newer dbsafe. */
  'DBSAFE_VERSION_UNSUPPORTED',
  /** A shard plan does not match what ran (a file ran twice or not at all). */
  'DBSAFE_SHARD_MISMATCH',
  /** Under transaction-per-test, a query waited for another connection's open transaction that never ended. */
  'DBSAFE_CONNECTION_DEADLOCK',
  /** A query issued during a test reached the database after that test had ended (it was not awaited). */
  'DBSAFE_LATE_QUERY',
  /** A test waited longer than the acquire timeout for a pool connection. */
  'DBSAFE_ACQUIRE_TIMEOUT',
  /** A statement ran longer than the statement timeout and was cancelled. */
  'DBSAFE_STATEMENT_TIMEOUT',
  /** A file at level `none` opened a database connection: it has no database. */
  'DBSAFE_NO_DATABASE',
  /** A test file reached a worker without its dbsafe context (its database, its level): it is not run. */
  'DBSAFE_CONTEXT_MISSING',
  /**
   * The reporter cannot vouch for a file's isolation: it ran without dbsafe's context in a dbsafe project, or its
   * queries went to another database than its own. The run fails.
   */
  'DBSAFE_NOT_ISOLATED',
  /**
   * A file did more on its database than its level allows (the runtime guard): reported with the evidence and the
   * fix, rerun at the level it needs, and remembered for the next run.
   */
  'DBSAFE_LEVEL_TOO_LOW',
  /** A package a `dbsafe` command needs is not installed (`dbsafe report` without `@dbsafe/vitest-reporter`). */
  'DBSAFE_PACKAGE_MISSING',
] as const

/** A stable error code. */
export type DbsafeErrorCode = (typeof ERROR_CODES)[number]

/** Options of {@link DbsafeError}. */
export interface DbsafeErrorOptions {
  /** The underlying error, kept as `cause`. */
  cause?: unknown
  /** How to fix it: one sentence, printed after the message. */
  hint?: string
}

/**
 * The one error base class of dbsafe. The message says what happened and why;
 * `hint` says how to fix it.
 */
export class DbsafeError extends Error {
  /**
   * `DbsafeError [<code>]`, as Node names its own errors (`TypeError [ERR_…]`): Vitest prints a test's error as its
   * name and message only (its other properties only with the verbose reporter), so the name carries the code.
   */
  override readonly name: string
  readonly code: DbsafeErrorCode
  readonly hint: string | undefined

  constructor(code: DbsafeErrorCode, message: string, options: DbsafeErrorOptions = {}) {
    super(options.hint ? `${message}\n  How to fix: ${options.hint}` : message, { cause: options.cause })
    this.name = `DbsafeError [${code}]`
    this.code = code
    this.hint = options.hint
  }
}

/** Whether `error` is a {@link DbsafeError}, optionally with the given code; works across copies. */
export function isDbsafeError(error: unknown, code?: DbsafeErrorCode): error is DbsafeError {
  if (typeof error !== 'object' || error === null) return false
  const candidate = error as { code?: unknown; name?: unknown }
  if (typeof candidate.code !== 'string' || !candidate.code.startsWith('DBSAFE_')) return false
  return code === undefined || candidate.code === code
}
