import { type DbLevel, levelRank } from '@dbsafe/core'
import type { Effect, WriteOp } from '../evidence'
import { projectFunction } from './project-functions'

/** A parsed statement node: `{ SelectStmt: {...} }`, as libpg-query returns it. */
export type StatementNode = Record<string, unknown>

type Fields = Record<string, unknown>

/** Functions whose effect outlives the transaction or the database. */
const FUNCTION_LEVELS: ReadonlyArray<[RegExp, DbLevel, string]> = [
  [/^(nextval|setval)$/, 'shared-writes', 'advances a sequence (not rolled back)'],
  [/^pg_notify$/, 'shared-writes', 'notifies other sessions'],
  [/^pg_advisory_/, 'shared-writes', 'takes an advisory lock shared across sessions'],
  [/^pg_try_advisory_/, 'shared-writes', 'takes an advisory lock shared across sessions'],
  [/^(pg_terminate_backend|pg_cancel_backend)$/, 'sequential', 'signals other server sessions'],
  [/^pg_reload_conf$/, 'sequential', 'reloads the server configuration'],
  [/replication_slot/, 'sequential', 'manages a replication slot (server-wide)'],
]

const SEQUENTIAL_STATEMENTS: Readonly<Record<string, string>> = {
  CreateRoleStmt: 'creates a role (server-wide)',
  AlterRoleStmt: 'alters a role (server-wide)',
  AlterRoleSetStmt: 'alters a role setting (server-wide)',
  DropRoleStmt: 'drops a role (server-wide)',
  GrantRoleStmt: 'grants a role (server-wide)',
  CreatedbStmt: 'creates a database (server-wide)',
  DropdbStmt: 'drops a database (server-wide)',
  AlterDatabaseStmt: 'alters a database (server-wide)',
  AlterDatabaseSetStmt: 'alters a database setting (server-wide)',
  AlterDatabaseRefreshCollStmt: 'alters a database (server-wide)',
  AlterSystemStmt: 'changes the server configuration',
  CreateTableSpaceStmt: 'creates a tablespace (server-wide)',
  DropTableSpaceStmt: 'drops a tablespace (server-wide)',
  AlterTableSpaceOptionsStmt: 'alters a tablespace (server-wide)',
  CreateSubscriptionStmt: 'creates a subscription (uses a replication slot)',
  AlterSubscriptionStmt: 'alters a subscription (uses a replication slot)',
  DropSubscriptionStmt: 'drops a subscription (uses a replication slot)',
  CheckPointStmt: 'forces a server-wide checkpoint',
}

const WRITES: Readonly<Record<string, WriteOp>> = {
  InsertStmt: 'write',
  UpdateStmt: 'write',
  MergeStmt: 'write',
  DeleteStmt: 'delete',
  TruncateStmt: 'truncate',
}

const NO_EVIDENCE = new Set([
  'TransactionStmt',
  'VariableSetStmt',
  'ConstraintsSetStmt',
  'DeallocateStmt',
  'ExecuteStmt',
  'FetchStmt',
  'ClosePortalStmt',
  'UnlistenStmt',
  'LoadStmt',
])

/** Every `FuncCall` name in a node tree (lower case, schema dropped). */
function functionNames(node: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(node)) {
    for (const item of node) functionNames(item, into)
  } else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'FuncCall') {
        const parts = ((value as Fields).funcname as Array<{ String?: { sval?: string } }>) ?? []
        const name = parts.at(-1)?.String?.sval
        if (name) into.add(name.toLowerCase())
      }
      functionNames(value, into)
    }
  }
  return into
}

/** The procedure a `CALL` runs (lower case, schema dropped). */
function procedureName(fields: Fields): string | undefined {
  const call = fields.funccall as Fields | undefined
  const parts = (call?.funcname as Array<{ String?: { sval?: string } }> | undefined) ?? []
  return parts.at(-1)?.String?.sval?.toLowerCase()
}

/** Whether a node tree contains a data-modifying statement (a CTE such as `WITH x AS (DELETE …)`). */
function modifyingOp(node: unknown): WriteOp | undefined {
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = modifyingOp(item)
      if (found) return found
    }
  } else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      const op = WRITES[key]
      if (op) return op
      const found = modifyingOp(value)
      if (found) return found
    }
  }
  return undefined
}

/** `pg_temp`, and the session's own temporary schema `pg_temp_N`. */
const TEMP_SCHEMA = /^pg_temp(_\d+)?$/i

/** A relation that is temporary: `CREATE TEMP …`, or named in the session's temporary schema (`pg_temp.t`). */
function isTemporary(relation: unknown): boolean {
  const range = relation as Fields | undefined
  return range?.relpersistence === 't' || TEMP_SCHEMA.test(String(range?.schemaname ?? ''))
}

/** Whether a qualified name (`[{ String: { sval } }, …]`) is in the temporary schema (`pg_temp.foo`). */
function inTempSchema(name: unknown): boolean {
  const [first] = Array.isArray(name) ? name : []
  const part = (first as { String?: { sval?: string; str?: string } } | undefined)?.String
  return Array.isArray(name) && name.length > 1 && TEMP_SCHEMA.test(part?.sval ?? part?.str ?? '')
}

/**
 * Objects created or dropped in the session's temporary schema (`CREATE FUNCTION pg_temp.f()`, `CREATE TEMP
 * VIEW`, `DROP FUNCTION pg_temp.f`): session-local and transactional like a temporary table, not a schema change.
 */
function isTempObject(kind: string, fields: Fields): boolean {
  if (kind === 'CreateFunctionStmt') return inTempSchema(fields.funcname)
  if (kind === 'ViewStmt') return isTemporary(fields.view)
  if (kind === 'CreateSeqStmt') return isTemporary(fields.sequence)
  if (kind === 'IndexStmt') return isTemporary(fields.relation)
  if (kind === 'DropStmt' && Array.isArray(fields.objects) && fields.objects.length > 0)
    return fields.objects.every((object) => {
      const item = object as { List?: { items?: unknown }; ObjectWithArgs?: { objname?: unknown } }
      return inTempSchema(item.List?.items ?? item.ObjectWithArgs?.objname)
    })
  return false
}

function hasOption(options: unknown, name: string): boolean {
  return (
    Array.isArray(options) &&
    options.some((option) => (option as { DefElem?: Fields }).DefElem?.defname === name)
  )
}

/** The effect of the statement kind alone, without the functions it calls. */
function kindEffect(kind: string, fields: Fields, summary: string): Effect | undefined {
  const sequential = SEQUENTIAL_STATEMENTS[kind]
  if (sequential) return { level: 'sequential', text: `${summary} — ${sequential}` }
  if (kind === 'RenameStmt' || kind === 'CommentStmt' || kind === 'AlterOwnerStmt') {
    const type = String(fields.renameType ?? fields.objtype ?? fields.objectType ?? '')
    if (/OBJECT_(DATABASE|ROLE|TABLESPACE)/.test(type))
      return { level: 'sequential', text: `${summary} — server-wide object` }
    return { level: 'schema-changes', text: `${summary} — changes the schema` }
  }
  const op = WRITES[kind]
  if (op) return { level: 'isolated-writes', text: summary, op }
  switch (kind) {
    case 'SelectStmt': {
      if (fields.intoClause) {
        const into = fields.intoClause as Fields
        return isTemporary(into.rel)
          ? { level: 'isolated-writes', text: `${summary} — into a temporary table` }
          : { level: 'schema-changes', text: `${summary} — SELECT … INTO creates a table` }
      }
      const write = modifyingOp(fields)
      if (write) return { level: 'isolated-writes', text: `${summary} — data-modifying CTE`, op: write }
      if (fields.lockingClause)
        return { level: 'isolated-writes', text: `${summary} — row locks (FOR UPDATE/SHARE)` }
      return { level: 'read-only', text: summary }
    }
    case 'ExplainStmt':
      return hasOption(fields.options, 'analyze') ? undefined : { level: 'read-only', text: summary }
    case 'ListenStmt':
    case 'NotifyStmt':
      return { level: 'shared-writes', text: `${summary} — notifications between sessions` }
    case 'VacuumStmt':
      return fields.is_vacuumcmd
        ? { level: 'shared-writes', text: `${summary} — cannot run inside a transaction block` }
        : { level: 'isolated-writes', text: `${summary} — updates statistics` }
    case 'ReindexStmt': {
      const kindOf = String(fields.kind ?? '')
      const outside = hasOption(fields.params, 'concurrently') || /SYSTEM|DATABASE/.test(kindOf)
      return outside
        ? { level: 'shared-writes', text: `${summary} — cannot run inside a transaction block` }
        : { level: 'isolated-writes', text: summary }
    }
    case 'ClusterStmt':
      return fields.relation
        ? { level: 'isolated-writes', text: summary }
        : { level: 'shared-writes', text: `${summary} — cannot run inside a transaction block` }
    case 'DiscardStmt':
      return String(fields.target) === 'DISCARD_ALL'
        ? { level: 'shared-writes', text: `${summary} — cannot run inside a transaction block` }
        : undefined
    case 'VariableShowStmt':
      return { level: 'read-only', text: summary }
    case 'LockStmt':
    case 'RefreshMatViewStmt':
      return { level: 'isolated-writes', text: summary }
    case 'CopyStmt':
      return fields.is_from
        ? { level: 'isolated-writes', text: summary, op: 'write' }
        : { level: 'read-only', text: summary }
    case 'CreateStmt':
      return isTemporary(fields.relation)
        ? { level: 'isolated-writes', text: `${summary} — temporary table (session-local)` }
        : { level: 'schema-changes', text: `${summary} — changes the schema` }
    case 'CreateTableAsStmt': {
      const into = fields.into as Fields | undefined
      return isTemporary(into?.rel)
        ? { level: 'isolated-writes', text: `${summary} — temporary table (session-local)` }
        : { level: 'schema-changes', text: `${summary} — changes the schema` }
    }
    case 'CallStmt': {
      const procedure = procedureName(fields)
      const defined = procedure ? projectFunction(procedure) : undefined
      if (defined) return { level: defined.level, text: `${summary} — ${procedure}() ${defined.why}` }
      return {
        level: 'shared-writes',
        text: `${summary} — procedural code cannot be read statically`,
        uncertain: true,
      }
    }
    case 'DoStmt':
      return {
        level: 'shared-writes',
        text: `${summary} — procedural code cannot be read statically`,
        uncertain: true,
      }
    case 'PrepareStmt':
    case 'DeclareCursorStmt':
      return undefined
    default:
      if (NO_EVIDENCE.has(kind)) return { level: 'none', text: summary }
      if (isTempObject(kind, fields))
        return { level: 'isolated-writes', text: `${summary} — temporary object (pg_temp, session-local)` }
      return { level: 'schema-changes', text: `${summary} — changes the schema` }
  }
}

/** The statements nested in a statement that run with it (EXPLAIN ANALYZE, PREPARE, DECLARE CURSOR). */
function innerStatement(kind: string, fields: Fields): StatementNode | undefined {
  if (kind === 'ExplainStmt')
    return hasOption(fields.options, 'analyze') ? (fields.query as StatementNode) : undefined
  if (kind === 'DeclareCursorStmt' || kind === 'PrepareStmt') return fields.query as StatementNode
  return undefined
}

/** The effect of one parsed statement; `summary` is its shortened text. */
export function statementEffect(node: StatementNode, summary: string): Effect {
  const [kind, value] = Object.entries(node)[0] ?? ['', {}]
  const fields = (value ?? {}) as Fields
  const inner = innerStatement(kind, fields)
  const own = kindEffect(kind, fields, summary)
  const effects: Effect[] = own ? [own] : []
  if (inner) effects.push(statementEffect(inner, summary))
  for (const name of functionNames(fields, new Set())) {
    for (const [pattern, level, why] of FUNCTION_LEVELS) {
      if (pattern.test(name)) effects.push({ level, text: `${summary} — ${name}() ${why}` })
    }
    const defined = projectFunction(name)
    if (defined) {
      const op = defined.level === 'isolated-writes' ? ({ op: 'write' } as const) : {}
      effects.push({ level: defined.level, text: `${summary} — ${name}() ${defined.why}`, ...op })
    }
  }
  return strongest(effects) ?? { level: 'none', text: summary }
}

/** The effect with the highest level (the first one on ties). */
export function strongest<T extends Effect>(effects: readonly T[]): T | undefined {
  let best: T | undefined
  for (const effect of effects) if (!best || levelRank(effect.level) > levelRank(best.level)) best = effect
  return best
}
