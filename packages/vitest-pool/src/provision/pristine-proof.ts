import { withDatabase } from '@dbsafe/core'
import pg from 'pg'
import { type AdminDeadlines, adminClientConfig, deadlinesOf, endClient } from '../server/admin-connections'
import { withClient } from '../server/with-client'
import { type CommittedChanges, committedChanges, observeDatabase, sessionsOn } from './database-observation'
import {
  baselineOf,
  type DatabaseBaseline,
  judgeCounted,
  judgeQuiet,
  type PristineVerdict,
} from './pristine-verdict'

/** Options of {@link provePristine}. */
export interface PristineProofOptions {
  /** Admin pool (any database of the cluster). */
  pool: pg.Pool
  adminUrl: string
  name: string
  /** What the database looked like when dbsafe had set it up. */
  baseline: DatabaseBaseline
  /** How long to wait for the sessions still on the database to end. Default: 1_000. */
  sessionsGoneTimeoutMs?: number
}

const POLL_MS = 10

/**
 * Proves on the server that nothing was committed in a database since dbsafe set it up (or since its last proof)
 * and that its database-level settings are still the baseline's. Why statistics, and why this order:
 *
 * - Cumulative statistics are flushed by every session when it ends, before it leaves `pg_stat_activity`
 *   (PostgreSQL 15+; while a session stays idle they may lag up to 10 s). So the proof first waits until no
 *   session is left, then reads them in a later statement: they include every session that used the database.
 * - Quick path (two admin queries, nothing more): `xact_commit` grew by exactly as much as `sessions` (each
 *   session commits one transaction of its own when it starts; rolled-back ones count apart), so no session
 *   committed anything — what transaction-per-test files leave behind. See `judgeQuiet`.
 * - Otherwise some session committed something, maybe only a read. A committed transaction adds its changed rows
 *   to `n_mod_since_analyze` of each table (catalogs included, so DDL counts); a rolled-back one does not. These
 *   counters are per database, read over a short session of the proof's own (no scan of the data, unlike
 *   `max(xmin)`), ended before observing again: `sessions` must then have grown by exactly one, the proof's, so
 *   no other session could commit unseen meanwhile. See `judgeCounted`.
 *
 * Cost: see docs/pool-database.md (Measured).
 */
export async function provePristine(options: PristineProofOptions): Promise<PristineVerdict> {
  const { pool, name, baseline } = options
  if (!(await sessionsGone(pool, name, options.sessionsGoneTimeoutMs ?? 1_000)))
    return { pristine: false, committed: false, reason: 'sessions were still connected to it' }
  const quiet = await withClient(pool, (admin) => observeDatabase(admin, name))
  if (!quiet) return { pristine: false, committed: false, reason: 'it no longer exists' }
  const quick = judgeQuiet(baseline, quiet)
  if (quick) return quick
  const changes = await changesIn(options.adminUrl, name, deadlinesOf(pool))
  const after = await withClient(pool, async (admin) =>
    (await sessionsOn(admin, name)) > 0 ? undefined : observeDatabase(admin, name),
  )
  if (!after)
    return {
      pristine: false,
      committed: false,
      reason: 'a session connected to it while it was being checked',
    }
  return judgeCounted(baseline, quiet, changes, after)
}

/** Whether no session is left on the database (waiting up to the deadline for those still there to end). */
async function sessionsGone(pool: pg.Pool, name: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if ((await withClient(pool, (admin) => sessionsOn(admin, name))) === 0) return true
    if (Date.now() > deadline) return false
    await new Promise((resolve) => setTimeout(resolve, POLL_MS))
  }
}

/**
 * The baseline of a database dbsafe has just set up: its committed-change counters (read over a connection of
 * its own, ended before the observation, so every setup session has flushed its statistics) and its observation.
 * `changes`, when known (an adopted spare's seal), spares the connection.
 */
export async function readBaseline(
  admin: pg.ClientBase,
  pool: pg.Pool,
  adminUrl: string,
  name: string,
  changes?: CommittedChanges,
): Promise<DatabaseBaseline | undefined> {
  const counted = changes ?? (await changesIn(adminUrl, name, deadlinesOf(pool)))
  const observed = await observeDatabase(admin, name)
  return observed && baselineOf(observed, counted)
}

/** Reads the committed-change counters of `name` over a short connection of its own, as the admin. */
async function changesIn(
  adminUrl: string,
  name: string,
  deadlines: AdminDeadlines,
): Promise<CommittedChanges> {
  const client = new pg.Client(adminClientConfig(withDatabase(adminUrl, name), 'pristine-proof', deadlines))
  client.on('error', () => {})
  try {
    await client.connect()
    return await committedChanges(client)
  } finally {
    await endClient(client, deadlines.connectTimeoutMs)
  }
}
