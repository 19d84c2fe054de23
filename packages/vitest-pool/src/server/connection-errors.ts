/** Node socket errors that mean "the server cannot be reached", not "the statement failed". */
const SOCKET_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
])

/**
 * SQLSTATEs that mean the server is going away or refuses new sessions:
 * class 08 (connection exception), 57P01..57P03 (admin/crash shutdown, cannot connect now), 53300 (too many clients).
 */
const SERVER_GONE_SQLSTATES = /^(08...|57P0[123]|53300)$/

/** pg's own: a lost socket, a connect or checkout that timed out, a query the server never answered (`query_timeout`). */
const CONNECTION_MESSAGES =
  /Connection terminated|connection timeout|timeout expired|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|not queryable/i

/** Whether `error` says the server is unreachable or going away (as opposed to a failing statement). */
export function isConnectionError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  const { code, message, cause } = error as { code?: unknown; message?: unknown; cause?: unknown }
  if (typeof code === 'string' && (SOCKET_ERROR_CODES.has(code) || SERVER_GONE_SQLSTATES.test(code)))
    return true
  if (typeof message === 'string' && CONNECTION_MESSAGES.test(message)) return true
  if (error instanceof AggregateError) return error.errors.some(isConnectionError)
  return cause !== undefined && cause !== error && isConnectionError(cause)
}
