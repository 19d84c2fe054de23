import type pg from 'pg'
import { ADVISORY_NAMESPACE } from '../server/advisory-keys'
import { dropDatabase } from '../template/database-copies'
import { markerMatchesName, parseRunMarker, parseSpareMarker, type RunMarker } from './database-marker'
import { reapDeadRoles } from './reap-roles'
import { reapUnmarkedLeftovers } from './unmarked-leftovers'

/** Options of {@link reapDeadRuns}. */
export interface ReapOptions {
  databasePrefix: string
  /** Kept (failed) databases older than this are dropped too. */
  keptRetentionMs: number
  now?: number
}

/** A database the reaper looked at, and what it decided. */
export interface ReapCandidate {
  name: string
  marker: RunMarker
  runAlive: boolean
}

/**
 * Whether a candidate may be dropped: its run is dead (no session holds the run's lock) and it is not a kept
 * database still inside its retention. Pure.
 */
export function shouldReap(candidate: ReapCandidate, keptRetentionMs: number, now: number): boolean {
  if (candidate.runAlive) return false
  if (candidate.marker.keptAt === undefined) return true
  return now - Date.parse(candidate.marker.keptAt) > keptRetentionMs
}

/**
 * Drops what dead runs left behind (after `kill -9`, a lost server, a crash): only databases whose name has the
 * prefix AND whose comment is a dbsafe run marker for that same name, and whose run holds no liveness lock; and
 * spares (prefix AND spare marker) whose template no longer exists. Databases of live runs, templates, spares of
 * existing templates and anything without a marker are never touched. Then the roles of dead runs and dropped
 * templates (see reapDeadRoles). Returns the dropped database names.
 */
export async function reapDeadRuns(client: pg.ClientBase, options: ReapOptions): Promise<string[]> {
  const { rows } = await client.query<{ name: string; comment: string | null; alive: boolean }>(
    `SELECT d.datname AS name, shobj_description(d.oid, 'pg_database') AS comment
       FROM pg_database d
      WHERE NOT d.datistemplate AND left(d.datname, length($1) + 1) = $1 || '_'`,
    [options.databasePrefix],
  )
  const live = await client.query<{ key: string }>(
    `SELECT objid::text AS key FROM pg_locks
      WHERE locktype = 'advisory' AND classid = $1::oid AND objsubid = 2 AND granted`,
    [ADVISORY_NAMESPACE.run],
  )
  const liveKeys = new Set(live.rows.map((row) => Number(row.key)))
  const templates = await client.query<{ name: string }>(
    'SELECT datname AS name FROM pg_database WHERE datistemplate',
  )
  const templateNames = new Set(templates.rows.map((row) => row.name))
  const now = options.now ?? Date.now()
  const dropped: string[] = []
  for (const row of rows) {
    const spare = parseSpareMarker(row.comment)
    if (spare ? templateNames.has(spare.template) : !isReapableRun(row.name, row.comment)) continue
    try {
      await dropDatabase(client, row.name)
      dropped.push(row.name)
    } catch {
      // Someone is connected and FORCE could not end it (or it just vanished): a later run retries.
    }
  }
  // Then what killed runs left before they could mark it (unmarked clones, half-built templates).
  dropped.push(
    ...(await reapUnmarkedLeftovers(client, rows, { databasePrefix: options.databasePrefix, liveKeys })),
  )
  // Then the roles of dead runs and dropped templates, now that fewer databases depend on them.
  await reapDeadRoles(client, { databasePrefix: options.databasePrefix, liveKeys }).catch(() => [])
  return dropped

  function isReapableRun(name: string, comment: string | null): boolean {
    const marker = parseRunMarker(comment)
    if (!marker || !markerMatchesName(options.databasePrefix, name, marker)) return false
    return shouldReap({ name, marker, runAlive: liveKeys.has(marker.runKey) }, options.keptRetentionMs, now)
  }
}
