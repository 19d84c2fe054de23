/**
 * Default time limits inside test workers. Both sit just below Vitest's default 5 s test timeout, so a
 * hung query or an exhausted pool fails its test with a message that says so, not with a bare timeout.
 */

/** Default `acquireTimeoutMs`: how long a pool checkout may wait for a free connection. */
export const DEFAULT_ACQUIRE_TIMEOUT_MS = 4_000

/** Default `statementTimeoutMs`: PostgreSQL's `statement_timeout` for the application's sessions. */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 4_000
