import { classifyStatement } from './classify-statement'

/** The savepoint that stands for the application's own transaction. */
export const APP_SAVEPOINT = 'dbsafe_tx'
/** The savepoint around each statement outside the application's transactions. */
export const STATEMENT_SAVEPOINT = 'dbsafe_statement'

/** The application's transaction on one of its connections, as the application believes it to be. */
export interface AppTransactionState {
  /** The application sent BEGIN and has not yet ended it. */
  open: boolean
  /** The last statement inside it failed: PostgreSQL would now turn a COMMIT into a ROLLBACK. */
  failed: boolean
}

/** What to send instead of the application's SQL. */
export type Translation =
  | {
      kind: 'send'
      /** The SQL to send; `undefined` to send the application's query unchanged (values, options and all). */
      text: string | undefined
      /** Set when nothing needs to reach the server (e.g. `SET TRANSACTION`): the command to report. */
      noop: boolean
      /** The command tag the application expects (`BEGIN`, `COMMIT`, `ROLLBACK`), when it sent one. */
      command: string | undefined
      /** Whether the application's transaction is open afterwards. */
      openAfter: boolean
    }
  | {
      kind: 'refuse'
      /** The statement a transaction cannot hold. */
      statement: string
      /** Its name, e.g. `VACUUM`, `LISTEN`. */
      what: string
    }

const ROLLBACK_APP = `ROLLBACK TO SAVEPOINT ${APP_SAVEPOINT}; RELEASE SAVEPOINT ${APP_SAVEPOINT}`

/**
 * Turns the application's transaction control into savepoints inside the test's transaction:
 * BEGIN → SAVEPOINT, COMMIT → RELEASE, ROLLBACK → ROLLBACK TO + RELEASE; `SET TRANSACTION` is
 * dropped (one pinned session has no concurrent transactions for an isolation level to act on).
 * Statements no transaction can hold are refused. Pure: the caller applies `openAfter`.
 */
export function translateStatements(statements: readonly string[], state: AppTransactionState): Translation {
  const out: string[] = []
  let open = state.open
  let failed = state.failed
  let translated = false
  let command: string | undefined
  for (const statement of statements) {
    const parsed = classifyStatement(statement)
    switch (parsed.kind) {
      case 'other':
        out.push(statement.trimStart())
        failed = false
        continue
      case 'not-transactional':
        return { kind: 'refuse', statement, what: parsed.what }
      case 'listen':
        return { kind: 'refuse', statement, what: 'LISTEN' }
      case 'begin':
        command = 'BEGIN'
        if (!open) out.push(`SAVEPOINT ${APP_SAVEPOINT}`)
        open = true
        break
      case 'commit':
      case 'rollback': {
        const rollback = parsed.kind === 'rollback' || failed
        command = rollback ? 'ROLLBACK' : 'COMMIT'
        if (open) out.push(rollback ? ROLLBACK_APP : `RELEASE SAVEPOINT ${APP_SAVEPOINT}`)
        if (open && parsed.chain) out.push(`SAVEPOINT ${APP_SAVEPOINT}`)
        open = open && parsed.chain
        break
      }
      case 'set-transaction':
        command = 'SET'
        break
    }
    translated = true
    failed = false
  }
  if (!translated) return { kind: 'send', text: undefined, noop: false, command: undefined, openAfter: open }
  return {
    kind: 'send',
    // A newline after each `;`: a statement may end in a line comment.
    text: out.length > 0 ? out.join(';\n') : undefined,
    noop: out.length === 0,
    command: statements.length === 1 ? command : undefined,
    openAfter: open,
  }
}
