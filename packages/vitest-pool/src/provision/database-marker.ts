import { hostname } from 'node:os'

/** What a run-scoped database is for: a clone for leases, or the shared read-only one. */
export type DatabaseRole = 'clone' | 'read-only'

/**
 * The JSON comment dbsafe writes on every database a run creates. The reaper drops a database only when its
 * name carries the prefix and the run id of a valid marker, and that run holds no liveness lock any more.
 */
export interface RunMarker {
  dbsafe: 'run'
  runId: string
  /** The run's advisory lock key (namespace `run`): held for the run's whole life. */
  runKey: number
  role: DatabaseRole
  pid: number
  host: string
  createdAt: string
  /** A failed file's database kept for inspection (keepFailed); the reaper keeps it until it is older than the retention. */
  keptAt?: string
}

/** The marker of a new database of this process's run, as the JSON text of the comment. */
export function formatRunMarker(
  run: { runId: string; runKey: number },
  role: DatabaseRole,
  keptAt?: string,
): string {
  const marker: RunMarker = {
    dbsafe: 'run',
    runId: run.runId,
    runKey: run.runKey,
    role,
    pid: process.pid,
    host: hostname(),
    createdAt: new Date().toISOString(),
    ...(keptAt ? { keptAt } : {}),
  }
  return JSON.stringify(marker)
}

/** Parses a database comment; undefined unless it is a complete run marker. */
export function parseRunMarker(comment: string | null | undefined): RunMarker | undefined {
  return parseMarker<RunMarker>(
    comment,
    (value) =>
      value.dbsafe === 'run' &&
      typeof value.runId === 'string' &&
      /^[0-9a-f]{8}$/.test(value.runId) &&
      typeof value.runKey === 'number' &&
      typeof value.createdAt === 'string',
  )
}

/** A JSON comment that passes `complete`, or undefined (no comment, not JSON, incomplete). */
export function parseMarker<T>(
  comment: string | null | undefined,
  complete: (value: Partial<T>) => boolean,
): T | undefined {
  if (!comment) return undefined
  try {
    const value = JSON.parse(comment) as Partial<T>
    return complete(value) ? (value as T) : undefined
  } catch {
    return undefined
  }
}

/**
 * The comment on a spare: a database a finished run left pristine (never written, or only inside rolled-back
 * transactions) for the next run of the same template, which adopts it instead of cloning. The reaper drops a
 * spare once its template is gone.
 */
export interface SpareMarker {
  dbsafe: 'spare'
  /** The template it is a pristine copy of. */
  template: string
  role: DatabaseRole
  sparedAt: string
}

/** The marker of a spare of `template`, as the JSON text of the comment. */
export function formatSpareMarker(template: string, role: DatabaseRole): string {
  const marker: SpareMarker = { dbsafe: 'spare', template, role, sparedAt: new Date().toISOString() }
  return JSON.stringify(marker)
}

/** Parses a database comment; undefined unless it is a complete spare marker. */
export function parseSpareMarker(comment: string | null | undefined): SpareMarker | undefined {
  return parseMarker<SpareMarker>(
    comment,
    (value) =>
      value.dbsafe === 'spare' &&
      typeof value.template === 'string' &&
      (value.role === 'clone' || value.role === 'read-only') &&
      typeof value.sparedAt === 'string',
  )
}

/** `<prefix>_<runId>_`: every database of a run starts with it. */
export function runNamePrefix(databasePrefix: string, runId: string): string {
  return `${databasePrefix}_${runId}_`
}

/** The name of a run's database: `<prefix>_<runId>_c<n>`, or `<prefix>_<runId>_ro`. */
export function runDatabaseName(
  databasePrefix: string,
  runId: string,
  role: DatabaseRole,
  sequence: number,
): string {
  const tag = { clone: 'c', 'read-only': 'ro' }[role]
  return `${runNamePrefix(databasePrefix, runId)}${tag}${role === 'read-only' ? '' : sequence}`
}

/** Whether `name` belongs to the run that `marker` describes (prefix and run id must both match). */
export function markerMatchesName(databasePrefix: string, name: string, marker: RunMarker): boolean {
  return name.startsWith(runNamePrefix(databasePrefix, marker.runId))
}

/** The template name for a fingerprint: `<prefix>_tpl_<first 16 hex>`. */
export function templateName(databasePrefix: string, fingerprint: string): string {
  return `${databasePrefix}_tpl_${fingerprint.slice(0, 16)}`
}
