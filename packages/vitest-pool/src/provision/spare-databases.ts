import type pg from 'pg'
import { isConnectionError } from '../server/connection-errors'
import { quoteIdentifier, quoteLiteral } from '../server/sql-quote'
import { dropDatabase } from '../template/database-copies'
import {
  type DatabaseRole,
  formatSpareMarker,
  isSealed,
  parseSpareMarker,
  type SpareSeal,
} from './database-marker'
import { type CommittedChanges, observeDatabase } from './database-observation'
import { sealHolds, sealOf } from './pristine-verdict'
import { templateBuild } from './template-build'

/** A spare found on the server that may be adopted: sealed, of the current build of its template. */
export interface Spare {
  name: string
  role: DatabaseRole
  seal: SpareSeal
}

/**
 * The spares of `template` (databases with the prefix whose comment is a spare marker for it), oldest first:
 * those of build `build` that carry a seal may be adopted; the others (another build of the template, or a marker
 * written before seals existed) are stale.
 */
export async function findSpares(
  client: pg.ClientBase,
  databasePrefix: string,
  template: string,
  build: string,
): Promise<{ adoptable: Spare[]; stale: string[] }> {
  const { rows } = await client.query<{ name: string; comment: string | null }>(
    `SELECT datname AS name, shobj_description(oid, 'pg_database') AS comment FROM pg_database
      WHERE NOT datistemplate AND left(datname, length($1) + 1) = $1 || '_'
        AND shobj_description(oid, 'pg_database') LIKE '{"dbsafe":"spare"%'
      ORDER BY oid`,
    [databasePrefix],
  )
  const adoptable: Spare[] = []
  const stale: string[] = []
  for (const row of rows) {
    const marker = parseSpareMarker(row.comment)
    if (marker?.template !== template) continue
    if (isSealed(marker) && marker.build === build)
      adoptable.push({ name: row.name, role: marker.role, seal: marker.seal })
    else stale.push(row.name)
  }
  return { adoptable, stale }
}

/**
 * Drops the spares of `template` that are not of its current build: after a rebuild, copies of the previous
 * build must never be adopted. Failures are left to a later run. Returns the dropped names.
 */
export async function retireStaleSpares(
  client: pg.ClientBase,
  databasePrefix: string,
  template: string,
): Promise<string[]> {
  const build = await templateBuild(client, template)
  if (build === undefined) return []
  const { stale } = await findSpares(client, databasePrefix, template, build)
  return dropEach(client, stale)
}

/** Drops each database (best effort); returns those dropped. */
export async function dropEach(client: pg.ClientBase, names: readonly string[]): Promise<string[]> {
  const dropped: string[] = []
  for (const name of names) {
    try {
      await dropDatabase(client, name)
      dropped.push(name)
    } catch (error) {
      if (isConnectionError(error)) throw error
    }
  }
  return dropped
}

/**
 * Takes a spare over for this run, in one transaction: checks that it is still exactly as sealed (see
 * `sealHolds`), renames it to `name`, writes the run's marker and lets connections in again. The database is the
 * run's (the reaper drops it if the run dies) from the moment it stops being a spare. `taken` when another run
 * took it first; `rejected` when it no longer matches its seal (it must then be dropped, never adopted).
 */
export async function claimSpare(
  client: pg.ClientBase,
  spare: Spare,
  name: string,
  runMarker: string,
): Promise<'claimed' | 'taken' | 'rejected'> {
  try {
    await client.query('BEGIN')
    const observed = await observeDatabase(client, spare.name)
    if (!observed) {
      await client.query('ROLLBACK')
      return 'taken'
    }
    if (!sealHolds(spare.seal, observed)) {
      await client.query('ROLLBACK')
      return 'rejected'
    }
    await client.query(`ALTER DATABASE ${quoteIdentifier(spare.name)} RENAME TO ${quoteIdentifier(name)}`)
    await client.query(`COMMENT ON DATABASE ${quoteIdentifier(name)} IS ${quoteLiteral(runMarker)}`)
    await client.query(`ALTER DATABASE ${quoteIdentifier(name)} ALLOW_CONNECTIONS true`)
    await client.query('COMMIT')
    return 'claimed'
  } catch (error) {
    if (isConnectionError(error)) throw error
    await client.query('ROLLBACK').catch(() => {})
    return 'taken'
  }
}

/**
 * Leaves a database of this run, just proven pristine, on the server as a sealed spare of `template` build
 * `build`: in one transaction, connections are turned off (`ALLOW_CONNECTIONS false`, so no session can change it
 * until a run adopts it) and the marker records the seal. False (nothing changed) when a session connected since
 * the proof (`proof.sessions`, the count the proof ended with, moved), so it is not pristine for sure.
 */
export async function sealSpare(
  client: pg.ClientBase,
  name: string,
  spare: { template: string; build: string; role: DatabaseRole },
  proof: { sessions: number; changes: CommittedChanges },
): Promise<boolean> {
  try {
    await client.query('BEGIN')
    await client.query(`ALTER DATABASE ${quoteIdentifier(name)} ALLOW_CONNECTIONS false`)
    const observed = await observeDatabase(client, name)
    if (!observed || observed.connected > 0 || observed.sessions !== proof.sessions) {
      await client.query('ROLLBACK')
      return false
    }
    const marker = formatSpareMarker({ ...spare, seal: sealOf(observed, proof.changes) })
    await client.query(`COMMENT ON DATABASE ${quoteIdentifier(name)} IS ${quoteLiteral(marker)}`)
    await client.query('COMMIT')
    return true
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    throw error
  }
}
