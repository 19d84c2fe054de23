import {
  CONNECTION_META_KEY,
  type DbLevel,
  type DbsafeFileMeta,
  type DbsafeRoutingCheck,
  FILE_META_KEY,
  levelRank,
} from '@dbsafe/core'
import type pg from 'pg'
import type { ServerFacts } from '../guard/server-evidence'
import type { DatabaseServer } from '../provision/provisioner'
import { deadlinesOf } from '../server/admin-connections'
import { type DatabaseActivity, watchDatabaseUsage } from '../server/database-usage'
import { readDdlLog } from '../template/ddl-log'

/** What the check reads of a finished file task; Vitest's `RunnerTestFile` fits. */
export interface FinishedFileTask {
  meta: object
  tasks?: readonly FinishedTask[] | undefined
}

interface FinishedTask {
  type: string
  result?: { state?: string } | undefined
  tasks?: readonly FinishedTask[]
}

/**
 * Whether one file used the database dbsafe gave it, seen from the server (see {@link watchDatabaseUsage}).
 * Started when the file's database is ready, before the file is sent to its worker.
 */
export interface UsageCheck {
  /**
   * Ends the watch and records a finding in the file's meta (`meta.dbsafe.routing`) when the database stayed
   * unused. Call it once the worker reports the file finished, before Vitest hears so, so that every reporter
   * (and a blob for `--merge-reports`) sees the finding; `finalTask` resolves the file's task once its final
   * state has reached Vitest's state (the meta is replaced with each task update until then). Never throws: a
   * check that cannot be made records nothing.
   *
   * Resolves with what the server recorded of the file on a database of its own, for the runtime guard (see
   * `serverObservation`): the same read, plus the template's DDL log when the file committed something, or left
   * sessions dbsafe did not open, and its level does not already allow DDL. Undefined for the shared read-only
   * database and when the server could not be read.
   */
  complete(
    finalTask: () => Promise<FinishedFileTask | undefined>,
  ): Promise<Omit<ServerFacts, 'connectionsPerFile'> | undefined>
  /** Why the server cannot be watched at all (an old server), for a note; absent otherwise. */
  unavailable?: string
}

/** The note for a server whose statistics cannot be read reliably. */
export const OLD_SERVER_NOTE =
  'PostgreSQL 14 and older keep no reliable per-database statistics, so only what node-postgres clients do and the errors files get are observed (no server-side view: DDL, LISTEN or sessions of other clients are not seen)'

/** The file a usage check watches the database of. */
export interface WatchedFile {
  /** The level it runs at. */
  level: DbLevel
  /** Whether the database is the shared read-only one (its counters are every read-only file's). */
  shared: boolean
  /** The login role it connects as; absent with `superuser: true`. */
  role?: string | undefined
  /** Whether the runtime guard observes it: the DDL log is read only then. Default: true. */
  guard?: boolean
}

/**
 * How long each read of the server may hold a file back (its start, or Vitest hearing that it finished). A busy admin
 * pool or a slow server costs at most this; the check then records nothing.
 */
const READ_DEADLINE_MS = 2_000

/** `promise`, or undefined once `ms` have passed. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined
  const expired = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, ms, undefined)
    timer.unref()
  })
  try {
    return await Promise.race([promise, expired])
  } finally {
    clearTimeout(timer)
  }
}

/** A check that records nothing: for files without a database, and servers the check cannot read. */
export const NO_USAGE_CHECK: UsageCheck = { complete: async () => undefined }

/** The admin pool of a server opened by dbsafe (the provisioner's); absent on other implementations. */
function adminPool(server: DatabaseServer): pg.Pool | undefined {
  return (server as DatabaseServer & { pool?: pg.Pool }).pool
}

/**
 * The start of the names of a run's own databases and roles (`<prefix>_<runId>_c3` → `<prefix>_`): what a file
 * is never seen creating.
 */
function ownPrefixOf(database: string): string {
  const parts = database.split('_')
  return parts.length > 2 ? `${parts.slice(0, -2).join('_')}_` : `${database}_`
}

/**
 * Whether to read the file's DDL log: only a committed DDL lasts, and the cheap signs of one are a commit beyond
 * each session's own first one, or a session dbsafe did not open still there (its counters may be pending).
 */
function mayHaveCommittedDdl(file: WatchedFile, activity: DatabaseActivity): boolean {
  if (file.shared || file.guard === false || levelRank(file.level) >= levelRank('schema-changes'))
    return false
  return activity.commits > activity.sessions || activity.foreign > 0
}

/** Starts the usage check of a file's database (leased, or the shared read-only one). */
export async function startUsageCheck(
  server: DatabaseServer,
  database: string,
  file: WatchedFile = { level: 'read-only', shared: true },
): Promise<UsageCheck> {
  const admin = adminPool(server)
  const watch =
    admin &&
    (await within(
      watchDatabaseUsage(admin, database, server.versionNum, ownPrefixOf(database)),
      READ_DEADLINE_MS,
    ))
  if (server.versionNum < 150000) return { ...NO_USAGE_CHECK, unavailable: OLD_SERVER_NOTE }
  if (!admin || !watch) return NO_USAGE_CHECK
  return {
    async complete(finalTask) {
      const [activity, task] = await Promise.all([
        within(watch.finish(), READ_DEADLINE_MS),
        finalTask().catch(() => undefined),
      ])
      if (activity?.used === false && task) {
        const routing = routingFinding(task, database)
        const meta = (task.meta as Record<string, unknown>)[FILE_META_KEY] as DbsafeFileMeta | undefined
        if (routing && meta) meta.routing = routing
      }
      if (!activity || file.shared) return undefined
      const ddl = mayHaveCommittedDdl(file, activity)
        ? ((await within(readDdlLog(server.adminUrl, database, deadlinesOf(admin)), READ_DEADLINE_MS)) ??
          'unread')
        : undefined
      return { activity, ddl, ...(file.role ? { role: file.role } : {}) }
    },
  }
}

/** The tests of a file, depth first. */
function* testsOf(tasks: readonly FinishedTask[]): Generator<FinishedTask> {
  for (const task of tasks) {
    if (task.type === 'test') yield task
    if (task.tasks) yield* testsOf(task.tasks)
  }
}

/** Queries the file's node-postgres clients ran, from the worker runtime's connection metrics. */
function trackedQueries(meta: object): number {
  const metrics = (meta as Record<string, unknown>)[CONNECTION_META_KEY] as
    | { usage?: { queries?: unknown } }
    | undefined
  const queries = metrics?.usage?.queries
  return typeof queries === 'number' ? queries : 0
}

/**
 * What to record about a file whose database saw no session and no transaction while it ran: nothing when no test
 * ran and no query was counted (nothing could have used it); else the finding, an error when the file's pg
 * clients ran queries (they reached another database), a warning otherwise.
 */
export function routingFinding(task: FinishedFileTask, database: string): DbsafeRoutingCheck | undefined {
  const queries = trackedQueries(task.meta)
  const ran = [...testsOf(task.tasks ?? [])].some(
    (test) => test.result?.state === 'pass' || test.result?.state === 'fail',
  )
  if (queries === 0 && !ran) return undefined
  if (queries > 0) {
    return {
      usedOwnDatabase: false,
      queriesElsewhere: queries,
      note: `its node-postgres clients ran ${queries} ${queries === 1 ? 'query' : 'queries'}, yet its database ${database} saw no session: they went to another database, so this file was not isolated. It probably reads its connection from variables dbsafe doesn't set: route them with dbsafe({ env: { POSTGRES_HOST: 'host', … } }).`,
    }
  }
  return {
    usedOwnDatabase: false,
    note: `its database ${database} saw no session while its tests ran. If it connects through variables dbsafe doesn't set (with a client other than node-postgres), route them with dbsafe({ env: { … } }); if it needs no database, put \`// @db-level none\` before its first test.`,
  }
}
