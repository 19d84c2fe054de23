import { loadModule, parseSync } from 'libpg-query'
import type { Effect } from '../evidence'
import { type StatementNode, statementEffect } from './statement-effect'

let loading: Promise<void> | undefined

/** Loads the PostgreSQL parser (WASM) once; every classification needs it. */
export function loadSqlParser(): Promise<void> {
  loading ??= loadModule()
  return loading
}

/** The result of classifying one SQL text. */
export interface SqlClassification {
  /** One effect per statement that asks for a level (transaction control and `SET` are left out). */
  effects: Effect[]
  /** Set when the text is not SQL PostgreSQL can parse; `effects` then come from its first keyword, if any. */
  parseError?: string
}

const MAX_SUMMARY = 70

/** A statement shortened to one line for a reason text. */
export function summarize(statement: string): string {
  const oneLine = statement
    .replace(/--[^\n]*/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/;$/, '')
  return oneLine.length > MAX_SUMMARY ? `${oneLine.slice(0, MAX_SUMMARY - 1)}…` : oneLine
}

const VERB_FALLBACK: ReadonlyArray<[RegExp, Effect['level'], Effect['op']?]> = [
  [/^(create|drop)\s+(role|user|database|tablespace)\b/i, 'sequential'],
  [/^alter\s+(role|user|database|system|tablespace)\b/i, 'sequential'],
  // Temporary objects, as when parsed (`CREATE TEMP TABLE ${name} (…)` with a placeholder in the name).
  [
    /^create\s+(or\s+replace\s+)?((global|local)\s+)?(temp|temporary)\s+(table|view|sequence)\b/i,
    'isolated-writes',
  ],
  [/^create\s+(or\s+replace\s+)?(table|view|function|procedure|sequence)\s+pg_temp\./i, 'isolated-writes'],
  [/^(create|alter|drop|grant|revoke|comment)\b/i, 'schema-changes'],
  [/^(vacuum|listen|notify)\b/i, 'shared-writes'],
  [/^truncate\b/i, 'isolated-writes', 'truncate'],
  [/^delete\b/i, 'isolated-writes', 'delete'],
  [/^(insert|update|merge|copy)\b/i, 'isolated-writes', 'write'],
  [/^(select|with|values|table|show|explain)\b/i, 'read-only'],
]

/**
 * Commands of the replication protocol (a walsender, on a connection opened with `replication`): not SQL the
 * parser knows, and all about replication slots and WAL streaming, which are server-wide.
 */
const REPLICATION_COMMAND =
  /^\s*(CREATE_REPLICATION_SLOT|DROP_REPLICATION_SLOT|ALTER_REPLICATION_SLOT|READ_REPLICATION_SLOT|START_REPLICATION|BASE_BACKUP|IDENTIFY_SYSTEM|TIMELINE_HISTORY|UPLOAD_MANIFEST)\b/i

/**
 * Classifies SQL text statement by statement with the real PostgreSQL parser.
 * {@link loadSqlParser} must have resolved first.
 */
export function classifySql(sql: string): SqlClassification {
  try {
    const result = parseSync(sql) as {
      stmts?: Array<{ stmt: StatementNode; stmt_location?: number; stmt_len?: number }>
    }
    const effects: Effect[] = []
    for (const entry of result.stmts ?? []) {
      const start = entry.stmt_location ?? 0
      const text = entry.stmt_len ? sql.slice(start, start + entry.stmt_len) : sql.slice(start)
      const effect = statementEffect(entry.stmt, summarize(text))
      if (effect.level !== 'none') effects.push(effect)
    }
    return { effects }
  } catch (error) {
    const parseError = (error as Error).message
    // Several statements, one of them not PostgreSQL's (another dialect's `IF EXISTS(…) DROP …; CREATE DATABASE …`,
    // a placeholder): each is judged on its own, so a later statement is not hidden behind the first one's keyword.
    const parts = sql
      .split(';')
      .map((part) => part.trim())
      .filter((part) => part !== '')
    if (parts.length > 1) return { effects: parts.flatMap((part) => classifySql(part).effects), parseError }
    const text = summarize(sql)
    if (REPLICATION_COMMAND.test(text)) {
      const effect = {
        level: 'sequential' as const,
        text: `${text} — a replication command: replication slots are server-wide`,
      }
      return { effects: [effect], parseError }
    }
    const match = VERB_FALLBACK.find(([pattern]) => pattern.test(text))
    if (!match) return { effects: [], parseError }
    const [, level, op] = match
    return {
      effects: [{ level, text: `${text} (not parsed; judged by its first keyword)`, ...(op ? { op } : {}) }],
      parseError,
    }
  }
}

/** Whether a text looks like a SQL statement (starts with a statement keyword); used for strings of unknown purpose. */
export function looksLikeSql(text: string): boolean {
  if (REPLICATION_COMMAND.test(text)) return true
  return /^\s*(select|insert|update|delete|with|truncate|create|alter|drop|grant|revoke|vacuum|listen|notify|merge|copy|explain|call|do|reindex|cluster|lock|refresh|comment|set|begin|commit|rollback|savepoint|values|analyze)\b/i.test(
    text,
  )
}
