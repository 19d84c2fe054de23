import {
  type DbLevel,
  type DbsafeMisclassification,
  type DbsafeObservation,
  type FileAnalysis,
  mergeObservations,
} from '@dbsafe/core'
import { isolationFor } from '../pool/isolation-for'
import type { WorkerFileContext } from '../shared/worker-context'
import {
  type AttemptVerdict,
  type GuardedTask,
  type GuardMode,
  judgeAttempt,
  recordVerdict,
} from './judge-attempt'
import { HIDDEN_SESSIONS_NOTE, NO_DDL_LOG_NOTE, type ServerFacts, serverObservation } from './server-evidence'

/** The first attempt of a file to run again — misclassified, or interfered with — carried into its rerun. */
export interface Rerun {
  level: DbLevel
  misclassified?: DbsafeMisclassification
  /** What a file beside it did to it. */
  interference?: string
  observation: DbsafeObservation
}

/** What the guard needs of the pool's options. */
export interface FileGuardOptions {
  mode: GuardMode
  connectionsPerFile: number
  fallbackLevel: DbLevel
  /** The Vitest project root. */
  root: string
  /** Where a note on what the server-side view cannot see goes, once per run (it is the same for every file). */
  warnOnce?: (message: string) => void
}

/**
 * The runtime guard in the main process, one per pool worker: it receives the worker's observation of each file
 * (before the file's `testfileFinished`), judges each finished attempt against the level it ran at, writes the
 * verdict into the file's `meta.dbsafe`, and says when and at which level to run a misclassified file again.
 */
export class FileGuard {
  readonly #options: FileGuardOptions
  readonly #observations = new Map<string, DbsafeObservation>()
  readonly #serverObservations = new Map<string, DbsafeObservation>()

  constructor(options: FileGuardOptions) {
    this.#options = options
  }

  get enabled(): boolean {
    return this.#options.mode !== 'off'
  }

  /** Readies a file's context: the worker observes it, its meta says where its level came from (and the rerun). */
  prepare(context: WorkerFileContext, analysis: FileAnalysis, rerun?: Rerun): void {
    context.guard = this.enabled
    context.meta.source = analysis.source
    if (analysis.contentKey) context.meta.contentKey = analysis.contentKey
    if (rerun?.misclassified) context.meta.misclassified = rerun.misclassified
  }

  /** The worker's observation of a file that just finished. */
  observed(filepath: string, observation: DbsafeObservation): void {
    this.#observations.set(filepath, observation)
  }

  /** What the server recorded of a file that just finished, whatever its client (see {@link serverObservation}). */
  serverObserved(filepath: string, facts: Omit<ServerFacts, 'connectionsPerFile'>): void {
    if (!this.enabled) return
    const observation = serverObservation({ ...facts, connectionsPerFile: this.#options.connectionsPerFile })
    if (facts.ddl === 'missing') this.#options.warnOnce?.(`dbsafe: runtime guard: ${NO_DDL_LOG_NOTE}.`)
    if (facts.activity.hidden > 0) this.#options.warnOnce?.(`dbsafe: runtime guard: ${HIDDEN_SESSIONS_NOTE}.`)
    this.#serverObservations.set(filepath, observation)
  }

  /** The server-side view of the files is not available (an old server): said once per run. */
  serverViewUnavailable(reason: string): void {
    if (this.enabled) this.#options.warnOnce?.(`dbsafe: runtime guard: ${reason}.`)
  }

  /** Judges a finished attempt (its task in its final state) and records the verdict in its meta. */
  judge(
    filepath: string,
    file: string,
    task: GuardedTask | undefined,
    analysis: FileAnalysis,
    ranAt: DbLevel,
    rerun?: Rerun,
  ): AttemptVerdict | undefined {
    const client = this.#observations.get(filepath)
    const server = this.#serverObservations.get(filepath)
    this.#observations.delete(filepath)
    this.#serverObservations.delete(filepath)
    if (!this.enabled) return undefined
    const observed = client && server ? mergeObservations(client, server) : (client ?? server)
    const verdict = judgeAttempt({
      task,
      file,
      root: this.#options.root,
      ranAt,
      source: analysis.source,
      observed,
      unseen: unseenClients(analysis, ranAt),
      connectionsPerFile: this.#options.connectionsPerFile,
      fallbackLevel: this.#options.fallbackLevel,
      mode: this.#options.mode,
      ...(rerun ? { rerunOf: rerun } : {}),
    })
    recordVerdict(task, verdict)
    return verdict
  }
}

/** Stands for a client the analyzer did not recognise, in {@link unseenClients}. */
export const UNRECOGNISED_CLIENT = 'an unrecognised client'

/**
 * The clients of a file whose statements the worker cannot see: those the transaction per test cannot wrap (not
 * built on node-postgres), and — for a file at a database level whose analysis recognised no client at all —
 * whatever it uses ({@link UNRECOGNISED_CLIENT}). An observation with unseen clients never recommends a lower level.
 */
export function unseenClients(analysis: Pick<FileAnalysis, 'clients'>, ranAt: DbLevel): string[] {
  if (analysis.clients.length === 0) return ranAt === 'none' ? [] : [UNRECOGNISED_CLIENT]
  // A client the transaction per test cannot wrap is one the worker's interception does not see.
  return analysis.clients.filter(
    (client) => isolationFor({ level: 'isolated-writes', clients: [client] }) !== 'transaction-rollback',
  )
}
