import { readFile } from 'node:fs/promises'
import { relative, resolve } from 'node:path'
import { DbsafeError, redactConnectionString } from '@dbsafe/core'
import pg from 'pg'
import {
  type AdminDeadlines,
  adminClientConfig,
  DEFAULT_ADMIN_DEADLINES,
  endClient,
} from '../server/admin-connections'
import type { TemplateStep } from './fingerprint'
import { listMigrationFiles } from './migration-files'
import { sqlErrorLocation } from './sql-error-location'

/** What {@link applyTemplateSteps} runs, in order. */
export interface TemplateSteps {
  root: string
  migrations?: TemplateStep
  seed?: TemplateStep
  /**
   * Bounds of the connection that runs the SQL files: `queryTimeoutMs` is how long one file may run (a frozen
   * server fails the build after it). Default: the admin defaults.
   */
  deadlines?: AdminDeadlines
}

/**
 * Runs the migrations, then the seed, against the template database being built. SQL files run one by one,
 * each as one multi-statement query; a failure names the file, line and column, and PostgreSQL's message.
 * Returns the number of migration files applied (functions count as one).
 */
export async function applyTemplateSteps(url: string, steps: TemplateSteps): Promise<number> {
  let applied = 0
  if (steps.migrations !== undefined) applied += await applyStep(url, steps, steps.migrations, 'migration')
  if (steps.seed !== undefined) await applyStep(url, steps, steps.seed, 'seed')
  return applied
}

async function applyStep(url: string, steps: TemplateSteps, step: TemplateStep, role: 'migration' | 'seed') {
  const { root } = steps
  if (typeof step === 'function') {
    await step(url).catch((cause: unknown) => {
      throw new DbsafeError(
        'DBSAFE_TEMPLATE_BUILD_FAILED',
        `The ${role} function failed while building the template database: ${(cause as Error)?.message ?? cause}`,
        {
          cause,
          hint: `Run the ${role} against ${redactConnectionString(url)} by hand to see the full error.`,
        },
      )
    })
    return 1
  }
  const path = resolve(root, step)
  const files = role === 'migration' ? await listMigrationFiles(path) : [path]
  const deadlines = steps.deadlines ?? DEFAULT_ADMIN_DEADLINES
  const client = new pg.Client(adminClientConfig(url, role, deadlines))
  client.on('error', () => {})
  await client.connect()
  try {
    for (const file of files) await applySqlFile(client, file, root, role)
  } finally {
    await endClient(client, deadlines.connectTimeoutMs)
  }
  return files.length
}

async function applySqlFile(client: pg.Client, file: string, root: string, role: string): Promise<void> {
  const name = relative(root, file).replace(/\\/g, '/')
  const sql = await readFile(file, 'utf8').catch((cause: unknown) => {
    throw new DbsafeError('DBSAFE_CONFIG_INVALID', `The ${role} file ${name} cannot be read.`, {
      cause,
      hint: `Check the \`${role === 'seed' ? 'seed' : 'migrations'}\` option.`,
    })
  })
  try {
    await client.query(sql)
  } catch (cause) {
    const error = cause as pg.DatabaseError
    const at = sqlErrorLocation(sql, error.position)
    const where = at ? ` at line ${at.line}, column ${at.column}` : ''
    const excerpt = at
      ? `\n    ${at.line} | ${at.lineText}\n    ${' '.repeat(String(at.line).length)} | ${' '.repeat(at.column - 1)}^`
      : ''
    throw new DbsafeError(
      'DBSAFE_TEMPLATE_BUILD_FAILED',
      `The ${role} ${name} failed${where}: ${error.message}${error.code ? ` (SQLSTATE ${error.code})` : ''}${excerpt}`,
      { cause, hint: `Fix ${name}; the template is rebuilt on the next run (nothing half-built is kept).` },
    )
  }
}
