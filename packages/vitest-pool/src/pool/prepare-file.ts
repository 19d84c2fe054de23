import { decidingReason, type FileAnalysis, formatReasonLocation } from '@dbsafe/core'
import type { LeasedDatabase, Provisioner } from '../provision/provisioner'
import { databaseEnv, databaseEnvKeys, type EnvRoute } from '../server/database-env'
import type { WorkerFileContext, WorkerRuntimeOptions } from '../shared/worker-context'
import { isolationFor } from './isolation-for'
import { NO_USAGE_CHECK, startUsageCheck, type UsageCheck } from './usage-check'

/** A file ready to run: what its worker gets, and how to give its database back. */
export interface PreparedFile {
  context: WorkerFileContext
  /**
   * Whether the file used its database, from the server: `usage.complete(finalTask)` records a finding in the
   * file's meta when it did not (see {@link UsageCheck}). Does nothing for files without a database.
   */
  usage: UsageCheck
  /** Gives the database back; with `keepFailed`, a failed file's database stays (the provisioner prints its URL). */
  release(outcome: { failed: boolean; keepFailed: boolean }): Promise<void>
}

/** What {@link prepareFile} needs. */
export interface PrepareFileInput {
  analysis: FileAnalysis
  /** The Vitest project root. */
  root: string
  /** The run's provisioner (started on first use). */
  provisioner: () => Promise<Provisioner>
  /** The variable that receives the URL. */
  urlVariable: string
  /** More variables that receive parts of the connection (the pool's resolved `env` option). Default: none. */
  env?: Readonly<Record<string, EnvRoute>>
  /** The worker runtime's settings. */
  runtime: WorkerRuntimeOptions
  /** Milliseconds already spent waiting for the file's scheduling slot; reported apart from provisioning. */
  waitedMs: number
  /** Whether the runtime guard observes the file (its database's DDL log is read only then). Default: true. */
  guard?: boolean
  /** Whether a sequential file runs on a server of its own (`sequentialServer`), told in its meta. Default: false. */
  ownServer?: boolean
}

function reasonLine(analysis: FileAnalysis): string | undefined {
  const reason = decidingReason(analysis)
  return reason && `${formatReasonLocation(reason)} ${reason.text}`
}

/** Leases the database a file's isolation calls for and builds its worker context. */
export async function prepareFile(input: PrepareFileInput): Promise<PreparedFile> {
  const { analysis } = input
  const routing = { urlVariable: input.urlVariable, env: input.env ?? {} }
  const isolation = isolationFor(analysis)
  const unsetEnv = databaseEnvKeys(routing)
  const meta = {
    level: analysis.level,
    isolation,
    uncertain: analysis.uncertain,
    ...(reasonLine(analysis) ? { reason: reasonLine(analysis) } : {}),
    ...(input.ownServer ? { ownServer: true } : {}),
  }
  const base = { root: input.root, unsetEnv, runtime: input.runtime }

  if (isolation === 'no-database') {
    return { context: { ...base, meta, env: {} }, usage: NO_USAGE_CHECK, release: async () => {} }
  }
  const waitMs = Math.round(input.waitedMs)
  const started = performance.now()
  const provisioner = await input.provisioner()
  if (isolation === 'read-only-clone') {
    const shared = await provisioner.readOnlyDatabase()
    const provisionMs = Math.round(performance.now() - started)
    return {
      context: {
        ...base,
        meta: { ...meta, database: shared.name, provisionMs, waitMs },
        env: databaseEnv(shared.url, routing),
      },
      usage: await startUsageCheck(provisioner.server, shared.name, { level: analysis.level, shared: true }),
      release: async () => {},
    }
  }
  const lease: LeasedDatabase = await provisioner.lease(isolation === 'fresh-database' ? 'fresh' : 'worker', {
    level: analysis.level,
  })
  const provisionMs = Math.round(performance.now() - started)
  const transactional = isolation === 'transaction-rollback'
  let env: Record<string, string>
  try {
    env = databaseEnv(lease.url, routing)
  } catch (error) {
    // An `env` function that failed: the file gets its error; the database goes back unused (reset all the same).
    await lease.release('dirty').catch(() => {})
    throw error
  }
  return {
    context: {
      ...base,
      meta: { ...meta, database: lease.name, provisionMs, waitMs },
      env,
      ...(transactional ? { transaction: { databaseUrl: lease.url } } : {}),
    },
    usage: await startUsageCheck(provisioner.server, lease.name, {
      level: analysis.level,
      shared: false,
      role: lease.role,
      guard: input.guard ?? true,
    }),
    async release({ failed, keepFailed }) {
      if (failed && keepFailed) await lease.release('keep')
      else await lease.release(transactional && !failed ? 'clean' : 'dirty')
    },
  }
}
