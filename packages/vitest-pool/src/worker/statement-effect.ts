import type { EffectKind } from '@dbsafe/core'
import { splitStatements, stripLeadingComments } from './split-statements'

/** What one SQL text does to a database, judged at run time (the runtime guard). */
export interface StatementEffect {
  kind: EffectKind
  /** The statement of the text that does it (a text may hold several). */
  statement: string
}

/** Functions whose effect outlives the test's transaction or the database (as the analyzer judges them). */
const FUNCTION_EFFECTS: ReadonlyArray<readonly [RegExp, EffectKind]> = [
  [/\b(?:pg_terminate_backend|pg_cancel_backend|pg_reload_conf|pg_\w*replication_slot\w*)\s*\(/i, 'cluster'],
  [/\bpg_notify\s*\(/i, 'notify'],
  [/\bpg_(?:try_)?advisory_\w+\s*\(/i, 'advisory-lock'],
  [/\b(?:nextval|setval)\s*\(/i, 'sequence'],
]
/** A cheap first look for any of {@link FUNCTION_EFFECTS}: most statements call none of them. */
const ANY_FUNCTION = /nextval|setval|pg_notify|advisory|pg_terminate|pg_cancel|pg_reload|replication_slot/i

const SERVER_WIDE_OBJECT = /^(?:create|alter|drop)\s+(?:role|user|group|database|tablespace|subscription)\b/
const TEMPORARY = /^create\s+(?:(?:global|local)\s+)?(?:temp|temporary)\s+(?:table|sequence|view)\b/

/** The level-relevant effect of each statement, strongest first (see {@link strongest}). */
const STRENGTH: Readonly<Record<EffectKind, number>> = {
  connect: 0,
  read: 1,
  write: 2,
  'committed-write': 3,
  notify: 3,
  'advisory-lock': 3,
  sequence: 3,
  'not-transactional': 3,
  ddl: 4,
  cluster: 5,
  connections: 5,
}

const CACHE_LIMIT = 2_000
const cache = new Map<string, StatementEffect | null>()

/**
 * What a SQL text does, by its strongest statement: a read, a write, DDL, LISTEN/NOTIFY, an advisory lock, a
 * sequence, a statement no transaction can hold, or something server-wide. Cheap: leading keywords and one regular
 * expression for the few functions that matter, over the text without its literals; cached per text (an
 * application sends the same texts again and again). Undefined for what asks for no level: transaction control,
 * `SET`, and `DO`/`CALL`, whose bodies it cannot see.
 */
export function statementEffect(text: string): StatementEffect | undefined {
  const cached = cache.get(text)
  if (cached !== undefined) return cached ?? undefined
  let best: StatementEffect | undefined
  for (const statement of splitStatements(text)) {
    const kind = kindOf(statement)
    if (kind && (!best || STRENGTH[kind] > STRENGTH[best.kind])) best = { kind, statement: statement.trim() }
  }
  if (cache.size >= CACHE_LIMIT) cache.clear()
  cache.set(text, best ?? null)
  return best
}

/** The stronger of two kinds (the first when equal). */
export function strongest(a: EffectKind, b: EffectKind): EffectKind {
  return STRENGTH[b] > STRENGTH[a] ? b : a
}

function kindOf(statement: string): EffectKind | undefined {
  const code = withoutLiterals(stripLeadingComments(statement).replace(/^[(\s]+/, '')).toLowerCase()
  const own = headKind(code)
  if (!ANY_FUNCTION.test(code)) return own
  const called = FUNCTION_EFFECTS.find(([pattern]) => pattern.test(code))?.[1]
  return called && (!own || STRENGTH[called] > STRENGTH[own]) ? called : own
}

/** The effect of the statement kind alone, from its leading keywords (`code`: lower case, no literals). */
function headKind(code: string): EffectKind | undefined {
  const first = /^[a-z]+/.exec(code)?.[0]
  switch (first) {
    case 'select':
      if (/\bfor\s+(?:update|share|no\s+key\s+update|key\s+share)\b/.test(code)) return 'write'
      if (/\binto\s+(?:(?:temp|temporary)\s+)/.test(code)) return 'write'
      return /\binto\s+(?:unlogged\s+|table\s+)?[a-z_"]/.test(code) ? 'ddl' : 'read'
    case 'with':
      // A data-modifying CTE, or a main statement that writes or locks rows.
      return /\b(?:insert|update|delete|merge)\b|\bfor\s+(?:update|share|no\s+key\s+update|key\s+share)\b/.test(
        code,
      )
        ? 'write'
        : 'read'
    case 'values':
    case 'table':
    case 'show':
    case 'fetch':
    case 'move':
    case 'declare':
      return 'read'
    case 'explain': {
      const inner = code.replace(
        /^explain\s*(?:\([^)]*\)\s*)?(?:(?:analy[sz]e|verbose|costs|buffers)\s+)*/,
        '',
      )
      return /^explain\s*(?:\([^)]*\banaly[sz]e\b|analy[sz]e\b)/.test(code) ? headKind(inner) : 'read'
    }
    case 'insert':
    case 'update':
    case 'delete':
    case 'merge':
    case 'truncate':
    case 'lock':
    case 'analyze':
    case 'analyse':
    case 'refresh':
      return 'write'
    case 'copy':
      return /\bfrom\b/.test(code) ? 'write' : 'read'
    case 'create':
      if (SERVER_WIDE_OBJECT.test(code)) return 'cluster'
      return TEMPORARY.test(code) ? 'write' : 'ddl'
    case 'alter':
      return SERVER_WIDE_OBJECT.test(code) || /^alter\s+system\b/.test(code) ? 'cluster' : 'ddl'
    case 'drop':
      return SERVER_WIDE_OBJECT.test(code) ? 'cluster' : 'ddl'
    case 'grant':
    case 'revoke':
      // On an object (`GRANT SELECT ON orders TO app`): the schema; a role to a role: server-wide.
      return /\bon\b/.test(code) ? 'ddl' : 'cluster'
    case 'comment':
    case 'security':
    case 'import':
    case 'reassign':
      return 'ddl'
    case 'vacuum':
      return 'not-transactional'
    case 'reindex':
    case 'cluster':
      return /\bconcurrently\b|^reindex\s+(?:\([^)]*\)\s*)?(?:system|database)\b|^cluster\s*$/.test(code)
        ? 'not-transactional'
        : 'write'
    case 'listen':
    case 'notify':
      return 'notify'
    case 'checkpoint':
      return 'cluster'
    default:
      return undefined
  }
}

/**
 * The statement with the contents of its string literals, quoted identifiers and dollar-quoted bodies emptied, so
 * that a keyword inside them (`'insert into'`, `"update"`) is not taken for one of the statement's own.
 */
export function withoutLiterals(statement: string): string {
  if (!/['"$]/.test(statement)) return statement
  let out = ''
  let i = 0
  while (i < statement.length) {
    const char = statement[i] as string
    if (char === "'" || char === '"') {
      let j = i + 1
      while (j < statement.length) {
        if (statement[j] === char) {
          if (statement[j + 1] === char) j += 2
          else break
        } else j++
      }
      out += `${char}${char}`
      i = j + 1
    } else if (char === '$') {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(statement.slice(i, i + 64))
      if (tag && !/[A-Za-z0-9_]/.test(statement[i - 1] ?? '')) {
        const end = statement.indexOf(tag[0], i + tag[0].length)
        out += `${tag[0]}${tag[0]}`
        i = end === -1 ? statement.length : end + tag[0].length
      } else {
        out += char
        i++
      }
    } else {
      out += char
      i++
    }
  }
  return out
}
