import { decidingReason, type FileAnalysis, formatReasonLocation } from '@dbsafe/core'
import type { LeasedDatabase, Provisioner } from '../provision/provisioner'
import { databaseEnv, databaseEnvKeys } from '../server/database-env'
import type { WorkerFileContext, WorkerRuntimeOptions } from '../shared/worker-context'
import { isolationFor } from './isolation-for'

/** A file ready to run: what its worker gets, and how to give its database back. */
export interface PreparedFile {
  context: WorkerFileContext
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
  /** The worker runtime's settings. */
  runtime: WorkerRuntimeOptions
  /** Milliseconds already spent waiting for the file's scheduling slot; reported apart from provisioning. */
  waitedMs: number
}

function reasonLine(analysis: FileAnalysis): string | undefined {
  const reason = decidingReason(analysis)
  return reason && `${formatReasonLocation(reason)} ${reason.text}`
}

/** Leases the database a file's isolation calls for and builds its worker context. */
export async function prepareFile(input: PrepareFileInput): Promise<PreparedFile> {
  const { analysis, urlVariable } = input
  const isolation = isolationFor(analysis)
  const unsetEnv = databaseEnvKeys({ urlVariable })
  const meta = {
    level: analysis.level,
    isolation,
    uncertain: analysis.uncertain,
    ...(reasonLine(analysis) ? { reason: reasonLine(analysis) } : {}),
  }
  const base = { root: input.root, unsetEnv, runtime: input.runtime }

  if (isolation === 'no-database') {
    return { context: { ...base, meta, env: {} }, release: async () => {} }
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
        env: databaseEnv(shared.url, { urlVariable }),
      },
      release: async () => {},
    }
  }
  const lease: LeasedDatabase = await provisioner.lease(isolation === 'fresh-database' ? 'fresh' : 'worker')
  const provisionMs = Math.round(performance.now() - started)
  const transactional = isolation === 'transaction-rollback'
  return {
    context: {
      ...base,
      meta: { ...meta, database: lease.name, provisionMs, waitMs },
      env: databaseEnv(lease.url, { urlVariable }),
      ...(transactional ? { transaction: { databaseUrl: lease.url } } : {}),
    },
    async release({ failed, keepFailed }) {
      if (failed && keepFailed) await lease.release('keep')
      else await lease.release(transactional && !failed ? 'clean' : 'dirty')
    },
  }
}
