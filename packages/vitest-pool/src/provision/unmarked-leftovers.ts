import type pg from 'pg'
import { ADVISORY_NAMESPACE, advisoryKey } from '../server/advisory-keys'
import { quoteIdentifier } from '../server/sql-quote'
import { parseTemplateMarker } from '../template/template-marker'

/** A database of the reaper's list: its name and comment. */
export interface LeftoverCandidate {
  name: string
  comment: string | null
}

/** What identifies a run's live session (see RunSession): the run keys that hold their lock now. */
export interface UnmarkedLeftoverOptions {
  databasePrefix: string
  liveKeys: ReadonlySet<number>
}

/**
 * The run key that the name of an unmarked run database carries: `<prefix>_<runId>_c<n>` or `<prefix>_<runId>_ro`,
 * exactly, where the run id is the key in 8 hex digits. `CREATE DATABASE` cannot share a transaction with the
 * marker comment written after it, so a run killed between the two leaves a database whose name is its only mark.
 * Undefined for any other name.
 */
export function unmarkedRunKey(databasePrefix: string, name: string): number | undefined {
  const match = new RegExp(`^${databasePrefix}_([0-7][0-9a-f]{7})_(?:c[1-9][0-9]*|ro)$`).exec(name)
  return match ? Number.parseInt(match[1] as string, 16) : undefined
}

/** Whether `name` has exactly the shape of a template's name: `<prefix>_tpl_<16 hex>`. */
export function isTemplateName(databasePrefix: string, name: string): boolean {
  return new RegExp(`^${databasePrefix}_tpl_[0-9a-f]{16}$`).test(name)
}

/**
 * Drops what a killed run left before it could mark it, never anything else:
 * - a database without any comment whose name has exactly the shape of a run database (see {@link unmarkedRunKey})
 *   and whose run holds no liveness lock — dropped without FORCE, so a database someone is connected to stays;
 * - a half-built template: a template's name, not `datistemplate` (the caller lists only those; a build sets it
 *   last), no comment or a template marker, and nobody holds its build lock or uses it (the exclusive try-lock
 *   that dropping outdated templates takes succeeds: a live builder holds it exclusively, a live run shares it).
 *
 * Returns the names dropped. Never throws: a drop that fails is retried by a later run.
 */
export async function reapUnmarkedLeftovers(
  client: pg.ClientBase,
  candidates: readonly LeftoverCandidate[],
  options: UnmarkedLeftoverOptions,
): Promise<string[]> {
  const dropped: string[] = []
  for (const { name, comment } of candidates) {
    try {
      const runKey = comment === null ? unmarkedRunKey(options.databasePrefix, name) : undefined
      if (runKey !== undefined && !options.liveKeys.has(runKey)) {
        await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)}`)
        dropped.push(name)
      } else if (isHalfBuilt(options.databasePrefix, name, comment)) {
        if (await dropIfNobodyBuilds(client, name)) dropped.push(name)
      }
    } catch {
      // In use, or gone meanwhile: a later run retries.
    }
  }
  return dropped
}

function isHalfBuilt(databasePrefix: string, name: string, comment: string | null): boolean {
  if (!isTemplateName(databasePrefix, name)) return false
  return comment === null || parseTemplateMarker(comment) !== undefined
}

async function dropIfNobodyBuilds(client: pg.ClientBase, name: string): Promise<boolean> {
  const key = [ADVISORY_NAMESPACE.template, advisoryKey(name)]
  const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', key)
  if (!rows[0]?.ok) return false
  try {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`)
    return true
  } finally {
    await client.query('SELECT pg_advisory_unlock($1, $2)', key)
  }
}
