import { stripLeadingComments } from './split-statements'

/** What one statement means for the test's transaction. */
export type StatementClass =
  /** `BEGIN` / `START TRANSACTION`, with any modes. */
  | { kind: 'begin' }
  /** `COMMIT` / `END`; `chain` for `AND CHAIN`. */
  | { kind: 'commit'; chain: boolean }
  /** `ROLLBACK` / `ABORT` (not `ROLLBACK TO`); `chain` for `AND CHAIN`. */
  | { kind: 'rollback'; chain: boolean }
  /** `SET TRANSACTION …`: isolation level and access mode of the current transaction. */
  | { kind: 'set-transaction' }
  /** `LISTEN`: notifications arrive only after a commit, which never happens in a test transaction. */
  | { kind: 'listen' }
  /** A statement PostgreSQL refuses inside a transaction block; `what` names it (`VACUUM`). */
  | { kind: 'not-transactional'; what: string }
  /** Anything else: runs as is. */
  | { kind: 'other' }

const OTHER: StatementClass = { kind: 'other' }
const BEGIN: StatementClass = { kind: 'begin' }
const SET_TRANSACTION: StatementClass = { kind: 'set-transaction' }
const LISTEN: StatementClass = { kind: 'listen' }

/** Statements that cannot run inside a transaction block, as `[pattern on the upper-cased head, name]`. */
const NOT_TRANSACTIONAL: ReadonlyArray<readonly [RegExp, string]> = [
  [/^VACUUM\b/, 'VACUUM'],
  [/^CREATE\s+(UNIQUE\s+)?INDEX\s+CONCURRENTLY\b/, 'CREATE INDEX CONCURRENTLY'],
  [/^DROP\s+INDEX\s+CONCURRENTLY\b/, 'DROP INDEX CONCURRENTLY'],
  [/^REINDEX\b.*\bCONCURRENTLY\b/, 'REINDEX CONCURRENTLY'],
  [/^REINDEX\s+(\(.*\)\s*)?(SYSTEM|DATABASE)\b/, 'REINDEX DATABASE'],
  [/^CREATE\s+DATABASE\b/, 'CREATE DATABASE'],
  [/^DROP\s+DATABASE\b/, 'DROP DATABASE'],
  [/^ALTER\s+DATABASE\b.*\bSET\s+TABLESPACE\b/, 'ALTER DATABASE SET TABLESPACE'],
  [/^(CREATE|DROP)\s+TABLESPACE\b/, 'CREATE TABLESPACE'],
  [/^ALTER\s+SYSTEM\b/, 'ALTER SYSTEM'],
  [/^(CREATE|DROP)\s+SUBSCRIPTION\b/, 'CREATE SUBSCRIPTION'],
  [/^ALTER\s+TABLE\b.*\bDETACH\s+PARTITION\b.*\bCONCURRENTLY\b/, 'DETACH PARTITION CONCURRENTLY'],
  [/^CLUSTER\s*$/, 'CLUSTER'],
  [/^DISCARD\s+ALL\b/, 'DISCARD ALL'],
  [/^PREPARE\s+TRANSACTION\b/, 'PREPARE TRANSACTION'],
  [/^(COMMIT|ROLLBACK)\s+PREPARED\b/, 'COMMIT PREPARED'],
]

const HEAD_LENGTH = 200
const cache = new Map<string, StatementClass>()
const CACHE_LIMIT = 2000

/**
 * Classifies one statement (as returned by `splitStatements`) by its leading keywords.
 * Cheap: a look at the first words, cached per text.
 */
export function classifyStatement(statement: string): StatementClass {
  const cached = cache.get(statement)
  if (cached) return cached
  const result = classifyHead(stripLeadingComments(statement).slice(0, HEAD_LENGTH).toUpperCase())
  if (cache.size >= CACHE_LIMIT) cache.clear()
  cache.set(statement, result)
  return result
}

function classifyHead(head: string): StatementClass {
  const words = head.replace(/\s+/g, ' ').trim()
  const first = /^[A-Z]+/.exec(words)?.[0]
  switch (first) {
    case 'BEGIN':
      return BEGIN
    case 'START':
      return /^START TRANSACTION\b/.test(words) ? BEGIN : OTHER
    case 'COMMIT':
      if (/^COMMIT PREPARED\b/.test(words)) return notTransactional(words)
      return { kind: 'commit', chain: isChain(words) }
    case 'END':
      return { kind: 'commit', chain: isChain(words) }
    case 'ABORT':
      return { kind: 'rollback', chain: isChain(words) }
    case 'ROLLBACK':
      if (/^ROLLBACK PREPARED\b/.test(words)) return notTransactional(words)
      if (/^ROLLBACK( WORK| TRANSACTION)? TO\b/.test(words)) return OTHER
      return { kind: 'rollback', chain: isChain(words) }
    case 'SET':
      return /^SET TRANSACTION\b/.test(words) ? SET_TRANSACTION : OTHER
    case 'LISTEN':
      return LISTEN
    case 'VACUUM':
    case 'CREATE':
    case 'DROP':
    case 'REINDEX':
    case 'ALTER':
    case 'CLUSTER':
    case 'DISCARD':
    case 'PREPARE':
      return notTransactional(words)
    default:
      return OTHER
  }
}

function isChain(words: string): boolean {
  return /\bAND CHAIN\s*;?$/.test(words)
}

function notTransactional(words: string): StatementClass {
  for (const [pattern, what] of NOT_TRANSACTIONAL) {
    if (pattern.test(words)) return { kind: 'not-transactional', what }
  }
  return OTHER
}
