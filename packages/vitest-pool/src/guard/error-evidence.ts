import { EFFECT_LEVEL, type EffectKind, type ObservedEvidence, toRootRelative } from '@dbsafe/core'
import { NO_DATABASE_HOST } from '../worker/file-env'
import { statementEffect } from '../worker/statement-effect'

/** What the guard reads of an error a test or hook got (Vitest's serialised error, `stacks` parsed by Vitest). */
export interface TaskError {
  message?: string
  code?: string
  stacks?: ReadonlyArray<{ file: string; line: number; column: number }>
}

/** What the errors of a file show it tried to do, whatever its client; `cutShort` when one refused it. */
export interface ErrorEvidence {
  evidence: ObservedEvidence[]
  cutShort: boolean
}

const READ_ONLY = /cannot execute (.+?) in a read-only transaction/
/** PostgreSQL refusing a server-wide statement to a role without the privilege (dbsafe's per-database roles). */
const SERVER_WIDE =
  /permission denied to (?:create|alter|drop) (?:role|database)|must be superuser to (?:alter|create) \w+/
const NOT_PG_CONNECT = new RegExp(`${NO_DATABASE_HOST.replace(/[/.-]/g, '\\$&')}`)

/** The kind of the command PostgreSQL names in a read-only refusal (`INSERT`, `CREATE TABLE`, `nextval()`). */
function refusedKind(command: string): EffectKind {
  const kind = statementEffect(command.replace(/\(\)$/, '(1)'))?.kind
  // Anything PostgreSQL refuses in a read-only session writes something; what it is, the name says.
  return kind && kind !== 'read' ? kind : 'write'
}

function siteOf(error: TaskError, root: string): string | undefined {
  const frame = error.stacks?.find((stack) => !stack.file.includes('/node_modules/'))
  return frame ? `${toRootRelative(root, frame.file)}:${frame.line}:${frame.column}` : undefined
}

/**
 * The evidence in the errors a file's tests and hooks got, from any client (pg, postgres.js, Prisma's engine…):
 * - PostgreSQL's `cannot execute X in a read-only transaction`: the file writes (X tells what);
 * - PostgreSQL's `permission denied to create role` (or database): a server-wide statement;
 * - dbsafe's `DBSAFE_NO_DATABASE`, or a connection to the no-database host: a file at `none` opened a connection;
 * - dbsafe's `DBSAFE_CONNECTION_DEADLOCK`: two connections waited on each other's transactions — the file needs
 *   commits that other sessions see.
 * The first two were refused, so what the file would have done next is unknown (`cutShort`).
 */
export function errorEvidence(errors: readonly TaskError[], root: string): ErrorEvidence {
  const evidence: ObservedEvidence[] = []
  let cutShort = false
  const add = (kind: EffectKind, text: string, error: TaskError) => {
    const at = siteOf(error, root)
    evidence.push({ level: EFFECT_LEVEL[kind], kind, text, source: 'error', ...(at ? { at } : {}) })
  }
  for (const error of errors) {
    const message = error.message ?? ''
    const readOnly = READ_ONLY.exec(message)
    if (readOnly) {
      cutShort = true
      add(refusedKind(readOnly[1] ?? ''), `PostgreSQL refused it: ${readOnly[0]}`, error)
    } else if (SERVER_WIDE.test(message)) {
      cutShort = true
      add('cluster', `PostgreSQL refused it: ${SERVER_WIDE.exec(message)?.[0]}`, error)
    } else if (error.code === 'DBSAFE_NO_DATABASE' || NOT_PG_CONNECT.test(message)) {
      cutShort = true
      add('connect', 'opened a PostgreSQL connection at level none', error)
    } else if (error.code === 'DBSAFE_CONNECTION_DEADLOCK') {
      add(
        'committed-write',
        'two connections waited on each other’s transactions: it needs commits that other sessions see',
        error,
      )
    }
  }
  return { evidence, cutShort }
}

/**
 * What a file beside it did to a file, when its errors show it: PostgreSQL refused it a connection because the
 * server was full (`53300`, another file held too many), or ended its session (`57P01`, `pg_terminate_backend`).
 */
const INTERFERENCE =
  /sorry, too many clients already|remaining connection slots are reserved[^\n]*|terminating connection due to administrator command/

/** The first sign in a file's errors that another file interfered with it (see {@link INTERFERENCE}), one line. */
export function interferenceOf(errors: readonly TaskError[]): string | undefined {
  for (const error of errors) {
    const found = INTERFERENCE.exec(error.message ?? '')?.[0]
    if (found)
      return `PostgreSQL ${found.startsWith('terminating') ? 'ended its session' : 'refused it a connection'}: ${found}`
  }
  return undefined
}
