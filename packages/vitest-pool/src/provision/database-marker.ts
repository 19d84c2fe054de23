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
    (value) => value.dbsafe === 'run' && namesRun(value) && typeof value.createdAt === 'string',
  )
}

/**
 * Whether a parsed marker names its run as dbsafe writes it (on a database or a login role alike): an 8-hex-digit run
 * id, which the object's name must carry, and the run's advisory lock key.
 */
export function namesRun(value: { runId?: unknown; runKey?: unknown }): boolean {
  return (
    typeof value.runId === 'string' && /^[0-9a-f]{8}$/.test(value.runId) && typeof value.runKey === 'number'
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
 * The comment on a spare: a database a finished run proved pristine (nothing committed since it was cloned, its
 * database-level settings exactly those dbsafe applied) and sealed (`ALLOW_CONNECTIONS false`) for the next run of
 * the same template build, which adopts it instead of cloning. The reaper drops a spare once its template is gone;
 * a rebuild of the template drops the spares of the previous build.
 */
export interface SpareMarker {
  dbsafe: 'spare'
  /** The template it is a pristine copy of. */
  template: string
  /**
   * The template build it was cloned from (see `templateBuild`): a spare of another build of the same template
   * name is never adopted. Absent in markers written before builds were recorded: such spares are dropped.
   */
  build?: string
  role: DatabaseRole
  sparedAt: string
  /** What the database looked like when it was sealed. Absent in older markers: such spares are dropped. */
  seal?: SpareSeal
}

/** The state a spare was sealed in; it is adopted only if the server still shows exactly this. */
export interface SpareSeal {
  /** SHA-256 (hex) of its database-level settings as sealed (see `observeDatabase`). */
  settings: string
  /** `pg_stat_database.sessions` when sealed: any session opened on it since makes the count differ. */
  sessions: number
  /** `pg_stat_database.stats_reset` when sealed (ISO text or null): a reset of its statistics shows here. */
  statsReset: string | null
  /** Its committed-change counters as proven at the seal: the baseline of the proofs of the run that adopts it. */
  changes: { modified: number; analyzed: number }
}

/** The marker of a sealed spare of `template`, as the JSON text of the comment. */
export function formatSpareMarker(spare: {
  template: string
  build: string
  role: DatabaseRole
  seal: SpareSeal
}): string {
  const marker: SpareMarker = {
    dbsafe: 'spare',
    template: spare.template,
    build: spare.build,
    role: spare.role,
    sparedAt: new Date().toISOString(),
    seal: spare.seal,
  }
  return JSON.stringify(marker)
}

/** Parses a database comment; undefined unless it is a spare marker (older markers without build or seal parse too). */
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

/** Whether a parsed spare marker carries a complete seal (older markers do not). */
export function isSealed(marker: SpareMarker): marker is SpareMarker & { build: string; seal: SpareSeal } {
  const seal = marker.seal
  return (
    typeof marker.build === 'string' &&
    typeof seal === 'object' &&
    seal !== null &&
    typeof seal.settings === 'string' &&
    typeof seal.sessions === 'number' &&
    (seal.statsReset === null || typeof seal.statsReset === 'string') &&
    typeof seal.changes === 'object' &&
    seal.changes !== null &&
    typeof seal.changes.modified === 'number' &&
    typeof seal.changes.analyzed === 'number'
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
export function markerMatchesName(databasePrefix: string, name: string, marker: { runId: string }): boolean {
  return name.startsWith(runNamePrefix(databasePrefix, marker.runId))
}

/** The template name for a fingerprint: `<prefix>_tpl_<first 16 hex>`. */
export function templateName(databasePrefix: string, fingerprint: string): string {
  return `${databasePrefix}_tpl_${fingerprint.slice(0, 16)}`
}
