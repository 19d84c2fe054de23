import { performance } from 'node:perf_hooks'
import { DbsafeError, isDbsafeError, withDatabase } from '@dbsafe/core'
import type pg from 'pg'
import { templateOwnerRole } from '../provision/role-marker'
import { newRolePassword, scramVerifier } from '../provision/role-password'
import { deadlinesOf } from '../server/admin-connections'
import { ADVISORY_NAMESPACE, advisoryKey } from '../server/advisory-keys'
import { quoteIdentifier, quoteLiteral } from '../server/sql-quote'
import { withClient } from '../server/with-client'
import { withCredentials } from '../server/with-credentials'
import { applyTemplateSteps, type TemplateSteps } from './apply-template-steps'
import type { CloneCalibration } from './clone-strategy-tuner'
import { dropDatabase } from './database-copies'
import { installDdlLog } from './ddl-log'
import { parseTemplateMarker, type TemplateMarker } from './template-marker'
import {
  closeTemplateLogin,
  dropTemplateRoles,
  ensureTemplateRoles,
  grantTemplateReaders,
  openTemplateLogin,
} from './template-roles'

/** Options of {@link ensureTemplate}. */
export interface EnsureTemplateOptions {
  pool: pg.Pool
  adminUrl: string
  versionNum: number
  name: string
  fingerprint: string
  lineage: string
  steps: TemplateSteps
  /** Drop and rebuild even when a complete template exists. */
  rebuild: boolean
  /**
   * Run the migrations and seed as the template's own role (a superuser only for the build), so that it owns
   * every object, and let its readers' group read them: what test files need to connect as roles of their
   * own. Needs a superuser admin. Default: false (they run as the admin role).
   */
  owned?: boolean
  log: (message: string) => void
}

/** A ready template. */
export interface EnsuredTemplate {
  name: string
  fingerprint: string
  built: boolean
  buildMs: number
  /** Migration files (or functions) applied: 0 when reused. */
  migrationsApplied: number
  /** The clone strategy an earlier run chose for this template and server, stored in its marker. */
  calibration: CloneCalibration | undefined
}

/**
 * Makes sure a complete template with this fingerprint exists: reuses it, or builds it under an exclusive
 * advisory lock so concurrent processes build it once (the others wait, then reuse it). A leftover database
 * with the name but without the complete marker is a half-built one and is dropped. The template is marked
 * complete last (`datistemplate` plus the marker comment), takes no connections afterwards
 * (ALLOW_CONNECTIONS false, so no stray session can stall clones), and older templates of the same project
 * that no live run uses are dropped.
 */
export async function ensureTemplate(options: EnsureTemplateOptions): Promise<EnsuredTemplate> {
  if (!options.rebuild) {
    const existing = await withClient(options.pool, (client) => readTemplate(client, options))
    if (existing) return reused(options, existing)
  }
  return withClient(options.pool, async (client) => {
    const key = [ADVISORY_NAMESPACE.template, advisoryKey(options.name)]
    // Waits for another process's build of this template: as long as a build may take, not one admin query.
    const buildTimeoutMs = options.steps.deadlines?.queryTimeoutMs ?? deadlinesOf(options.pool).queryTimeoutMs
    await client.query({
      text: 'SELECT pg_advisory_lock($1, $2)',
      values: key,
      query_timeout: buildTimeoutMs,
    } as pg.QueryConfig)
    try {
      const existing = await readTemplate(client, options)
      if (existing && !options.rebuild) return reused(options, existing)
      const built = await build(client, options)
      await dropOlderTemplates(client, options)
      return built
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, $2)', key).catch(() => {})
    }
  })
}

async function build(client: pg.PoolClient, options: EnsureTemplateOptions): Promise<EnsuredTemplate> {
  const name = quoteIdentifier(options.name)
  const started = performance.now()
  await unmarkAndDrop(client, options.name)
  await client.query(`CREATE DATABASE ${name}`)
  const marker: TemplateMarker = {
    dbsafe: 'template',
    state: 'building',
    fingerprint: options.fingerprint,
    lineage: options.lineage,
    builtAt: new Date().toISOString(),
  }
  if (options.owned) marker.owner = templateOwnerRole(options.name)
  await writeMarker(client, options.name, marker)
  let migrationsApplied: number
  try {
    migrationsApplied = await applySteps(client, options)
    const leftovers = await client.query<{ application_name: string }>(
      'SELECT pg_terminate_backend(pid), application_name FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [options.name],
    )
    if (leftovers.rowCount) {
      options.log(
        `dbsafe: ${leftovers.rowCount} connection(s) opened by the migrations/seed were still open on the template and were closed (${leftovers.rows.map((r) => r.application_name || '?').join(', ')}). Close your migration tool's pool at the end of the function.`,
      )
    }
    await client.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`)
  } catch (error) {
    await unmarkAndDrop(client, options.name).catch(() => {})
    if (isDbsafeError(error)) throw error
    throw new DbsafeError('DBSAFE_TEMPLATE_BUILD_FAILED', `Building the template ${options.name} failed.`, {
      cause: error,
      hint: 'See the cause; the template is rebuilt from scratch on the next run.',
    })
  }
  const buildMs = Math.round(performance.now() - started)
  await writeMarker(client, options.name, { ...marker, state: 'complete', buildMs })
  await client.query(`ALTER DATABASE ${name} IS_TEMPLATE true`)
  return {
    name: options.name,
    fingerprint: options.fingerprint,
    built: true,
    buildMs,
    migrationsApplied,
    calibration: undefined,
  }
}

/** The migrations and seed, as the template's owner (with `owned`) or as the admin role. */
async function applySteps(client: pg.ClientBase, options: EnsureTemplateOptions): Promise<number> {
  const adminTemplateUrl = withDatabase(options.adminUrl, options.name)
  if (!options.owned) return applyTemplateSteps(adminTemplateUrl, options.steps)
  await ensureTemplateRoles(client, options.name)
  const password = newRolePassword()
  await openTemplateLogin(client, options.name, await scramVerifier(password))
  let applied: number
  try {
    const ownerUrl = withCredentials(adminTemplateUrl, templateOwnerRole(options.name), password)
    applied = await applyTemplateSteps(ownerUrl, options.steps)
  } finally {
    await closeTemplateLogin(client, options.name)
  }
  const foreign = await grantTemplateReaders(adminTemplateUrl, options.name, deadlinesOf(options.pool))
  // Last, as the admin: the migrations' own DDL is not logged, and test files' roles cannot touch the log.
  await installDdlLog(adminTemplateUrl, deadlinesOf(options.pool))
  if (foreign.length > 0) {
    options.log(
      `dbsafe: the template ${options.name} has relations its owner role does not own (${foreign.join(', ')}): test files cannot change them. Create them through the URL the migrations get, without changing their owner.`,
    )
  }
  return applied
}

function reused(options: EnsureTemplateOptions, marker: TemplateMarker): EnsuredTemplate {
  return {
    name: options.name,
    fingerprint: options.fingerprint,
    built: false,
    buildMs: 0,
    migrationsApplied: 0,
    calibration: marker.cloneStrategy
      ? { strategy: marker.cloneStrategy, cloneMs: marker.cloneMs ?? {} }
      : undefined,
  }
}

/** The marker of a complete template with the expected fingerprint, or undefined. */
async function readTemplate(
  client: pg.ClientBase,
  options: EnsureTemplateOptions,
): Promise<TemplateMarker | undefined> {
  const { rows } = await client.query<{ datistemplate: boolean; comment: string | null }>(
    `SELECT datistemplate, shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`,
    [options.name],
  )
  const row = rows[0]
  const marker = parseTemplateMarker(row?.comment)
  if (!row?.datistemplate || marker?.state !== 'complete' || marker.fingerprint !== options.fingerprint)
    return undefined
  // Built as another role than this run would (a superuser admin versus not): its objects' owner differs.
  if (marker.owner !== (options.owned ? templateOwnerRole(options.name) : undefined)) return undefined
  return marker
}

async function unmarkAndDrop(client: pg.ClientBase, name: string): Promise<void> {
  const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
  if (!rowCount) return
  await client.query(`ALTER DATABASE ${quoteIdentifier(name)} IS_TEMPLATE false`)
  await dropDatabase(client, name)
}

/** Stores the clone strategy a run chose in the template's marker, for every later run. Best effort. */
export async function storeCloneCalibration(
  client: pg.ClientBase,
  name: string,
  calibration: CloneCalibration,
): Promise<void> {
  const { rows } = await client.query<{ comment: string | null }>(
    `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`,
    [name],
  )
  const marker = parseTemplateMarker(rows[0]?.comment)
  if (marker?.state !== 'complete') return
  await writeMarker(client, name, {
    ...marker,
    cloneStrategy: calibration.strategy,
    cloneMs: calibration.cloneMs,
  })
}

async function writeMarker(client: pg.ClientBase, name: string, marker: TemplateMarker): Promise<void> {
  await client.query(
    `COMMENT ON DATABASE ${quoteIdentifier(name)} IS ${quoteLiteral(JSON.stringify(marker))}`,
  )
}

/**
 * Drops templates of the same lineage (project root and prefix) with another fingerprint, complete or left
 * half-built by a crashed builder, but only those no live run uses: runs hold a shared advisory lock on their
 * template, so the exclusive try-lock fails for them.
 */
async function dropOlderTemplates(client: pg.ClientBase, options: EnsureTemplateOptions): Promise<void> {
  const { rows } = await client.query<{ name: string; comment: string | null }>(
    `SELECT datname AS name, shobj_description(oid, 'pg_database') AS comment FROM pg_database
      WHERE datname <> $1 AND shobj_description(oid, 'pg_database') LIKE '{"dbsafe":"template"%'`,
    [options.name],
  )
  for (const row of rows) {
    const marker = parseTemplateMarker(row.comment)
    if (marker?.lineage !== options.lineage) continue
    const key = [ADVISORY_NAMESPACE.template, advisoryKey(row.name)]
    const locked = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', key)
    if (!locked.rows[0]?.ok) continue
    try {
      await unmarkAndDrop(client, row.name)
      options.log(`dbsafe: dropped the outdated template ${row.name}.`)
      await dropTemplateRoles(client, row.name)
    } catch {
      // In use right now (a clone in progress): it is dropped by a later run.
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, $2)', key)
    }
  }
}
