import {
  addEvidence,
  type DbsafeObservation,
  EFFECT_LEVEL,
  type EffectKind,
  emptyObservation,
} from '@dbsafe/core'
import type { DatabaseActivity } from '../server/database-usage'
import type { LoggedDdl } from '../template/ddl-log'

/** What the server recorded of one file, and what the guard knows to read it. */
export interface ServerFacts {
  activity: DatabaseActivity
  /**
   * The DDL log of its database: what it committed (`undefined`: not read — nothing was committed, or its level
   * already allows DDL; `'missing'`: the template has no log; `'unread'`: the read failed or took too long).
   */
  ddl: { count: number; rows: LoggedDdl[] } | 'missing' | 'unread' | undefined
  /** The login role the file connected as (absent: the admin's, with `superuser: true`). */
  role?: string
  /** A file's share of the server's connections (the pool's `connectionsPerFile`). */
  connectionsPerFile: number
}

/** Why the DDL log may be missing, and what to do (a note on the file's observation). */
export const NO_DDL_LOG_NOTE =
  'DDL from clients dbsafe does not intercept (postgres.js, Prisma…) is not seen: the template has no DDL log (its event trigger needs a superuser admin role)'

/** The admin role cannot read other roles' statements in `pg_stat_activity`. */
export const HIDDEN_SESSIONS_NOTE =
  "the statements of test files' sessions are hidden from dbsafe's admin role (grant it pg_read_all_stats): a LISTEN from a client dbsafe does not intercept is not seen"

/** The DDL log could not be read in time (a busy server). */
export const UNREAD_DDL_LOG_NOTE =
  "its database's DDL log could not be read in time: DDL from clients dbsafe does not intercept may have gone unseen"

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

/**
 * What PostgreSQL's own records show one file did on a database of its own, whatever its client:
 * - DDL it committed, from the template's DDL log (an event trigger): `schema-changes`;
 * - sessions still waiting on LISTEN when it ended: `shared-writes`;
 * - more sessions not opened through dbsafe's interception open at once than a file's share: `sequential`;
 * - databases it owns and roles it administers that were created while it ran: `sequential`;
 * - rows inserted, updated or deleted in its database (`pg_stat_database`): `isolated-writes`.
 * What the server view could not see, and why, goes into `notes`. Never called for the shared read-only database,
 * where the counters are every read-only file's at once (and PostgreSQL refuses a write there, to any client).
 */
export function serverObservation(facts: ServerFacts): DbsafeObservation {
  const observation = emptyObservation()
  const notes: string[] = []
  /** `counted`: an event of its own (counts are events; rows changed are not statements). */
  const add = (kind: EffectKind, text: string, counted = true) => {
    if (counted) observation.counts[kind] = (observation.counts[kind] ?? 0) + 1
    addEvidence(observation, { level: EFFECT_LEVEL[kind], kind, text, source: 'server' })
  }
  const { activity, ddl, role } = facts
  if (ddl === 'missing') notes.push(NO_DDL_LOG_NOTE)
  else if (ddl === 'unread') notes.push(UNREAD_DDL_LOG_NOTE)
  else if (ddl && ddl.count > 0) {
    for (const row of ddl.rows.slice(0, 3)) add('ddl', `${row.tag} committed: ${oneLine(row.statement)}`)
    if (ddl.count > 3) observation.counts.ddl = ddl.count
  }
  for (const statement of activity.listening) {
    add('notify', `a session was still waiting on ${oneLine(statement)} when the file ended`)
  }
  if (activity.foreign > facts.connectionsPerFile) {
    add(
      'connections',
      `${plural(activity.foreign, 'session')} of clients dbsafe does not intercept were open on its database at once when it ended; a file's share of the server is ${facts.connectionsPerFile} (connectionsPerFile)`,
    )
  }
  for (const created of activity.created) {
    const byFile = role !== undefined && created.by?.split(',').includes(role)
    if (byFile) add('cluster', `created the ${created.kind} ${created.name} (PostgreSQL's catalog)`)
    else
      notes.push(
        `the ${created.kind} ${created.name} was created while it ran; PostgreSQL does not record by which session, so it is not counted against this file`,
      )
  }
  if (activity.rowsChanged > 0) {
    add(
      'write',
      `PostgreSQL counted ${plural(activity.rowsChanged, 'row')} inserted, updated or deleted in its database`,
      false,
    )
  }
  if (activity.hidden > 0) notes.push(HIDDEN_SESSIONS_NOTE)
  if (notes.length > 0) observation.notes = notes
  return observation
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim()
  return line.length > 120 ? `${line.slice(0, 119)}…` : line
}
