import { debuglog } from 'node:util'
import {
  type DbLevel,
  DbsafeError,
  type DbsafeFileMeta,
  FILE_META_KEY,
  type FileAnalysis,
  isDbsafeError,
  toRootRelative,
} from '@dbsafe/core'
import {
  ForksPoolWorker,
  type PoolOptions,
  type PoolTask,
  type TestProject,
  type WorkerRequest,
} from 'vitest/node'
import { FileGuard, type Rerun } from '../guard/file-guard'
import { OutageGate } from '../provision/outage-gate'
import type { Release } from '../schedule/admission'
import type { Grant } from '../schedule/file-dispatcher'
import { withinDeadline } from '../server/admin-connections'
import { databaseEnvKeys } from '../server/database-env'
import type { WorkerFileContext } from '../shared/worker-context'
import { PROVIDE_KEY } from '../shared/worker-context'
import { isTestfileFinished } from '../shared/worker-messages'
import { isWorkerNotice, type WorkerNotice } from '../shared/worker-notice'
import { noDatabaseEnv } from '../worker/file-env'
import { invalidAnnotationError } from './invalid-annotation'
import { type PreparedFile, prepareFile } from './prepare-file'
import type { RunSession } from './run-session'
import { NO_USAGE_CHECK, type UsageCheck } from './usage-check'
import { WORKER_ENTRY } from './worker-entry-path'
import { type WorkerReuse, withFreshModulesPerFile } from './worker-reuse'

/** The pool's name: Vitest matches the worker's `name` against the initializer's. */
export const POOL_NAME = 'dbsafe'

/** How long a finished file's outcome may take to reach Vitest's state (see `#failed`). */
const OUTCOME_DEADLINE_MS = 2_000

/** `NODE_DEBUG=dbsafe` traces every file through the pool. */
const debug = debuglog('dbsafe')

type RunRequest = Extract<WorkerRequest, { type: 'run' | 'collect' }>
type Environment = RunRequest['context']['environment']
type FileSpec = RunRequest['context']['files'][number]
type Listener = (...args: unknown[]) => void

/** A file whose database is still held: given back once the worker process no longer uses it. */
interface HeldFile {
  filepath: string
  prepared: PreparedFile
}

/** A file ready to be sent: its context, its scheduling slot, and what it was prepared from. */
interface Slot {
  context: WorkerFileContext
  release: Release
  /** Absent when the file could not be prepared (its context then carries the error). */
  analysis?: FileAnalysis
  /** The level it runs at. */
  level?: FileAnalysis['level']
  /** Whether it used its own database, seen from the server (see {@link UsageCheck}). */
  usage: UsageCheck
}

/** A `testfileFinished` held back from Vitest until the guard has judged the file (and maybe rerun it). */
interface Finish {
  message: unknown
  rest: unknown[]
}

/**
 * A Vitest forks worker that runs one test file at a time under the isolation its level needs.
 * The process is dbsafe's worker entry (see `src/worker-entry.ts`), started with no database variables
 * and `PGHOST` pointing nowhere: a file has database variables only while it runs. `send()` holds each `run` request back until the file's scheduling slot and database are ready,
 * splits multi-file requests (`isolate: false`) into one request per file, and passes each file its
 * context through `providedContext`. Slots are given back when the file finishes; databases when the
 * next request arrives or the process has exited (`stop()`), never keyed on `VITEST_POOL_ID`. Under
 * the plugin's worker reuse (see {@link WorkerReuse}) one process runs file after file.
 */
export class DbsafePoolWorker extends ForksPoolWorker {
  override readonly name: string = POOL_NAME
  protected override readonly entrypoint: string = WORKER_ENTRY
  readonly #session: RunSession
  readonly #project: TestProject
  readonly #reuse: WorkerReuse
  readonly #listeners = new Map<Listener, Listener>()
  #chain: Promise<void> = Promise.resolve()
  #held: HeldFile[] = []
  /** Resolves with the held `testfileFinished` of the file in flight (undefined when the worker stops). */
  #inFlight: { finished: (finish?: Finish) => void } | undefined
  /** The runtime guard (see docs/levels.md). */
  readonly #guard: FileGuard
  #stopping = false
  /** The environment the process was started with, and the last file it ran (see `canReuse`). */
  #environment: Environment | undefined
  #lastFile: string | undefined
  /** Database files that ran without dbsafe's runtime (see `#onNotice`). */
  readonly #unguarded = new Set<string>()

  constructor(options: PoolOptions, session: RunSession, reuse: WorkerReuse) {
    super(options)
    // Cloned, never mutated: Vitest shares `options.env` between every worker of the project.
    this.env = {
      ...noDatabaseEnv(options.env, databaseEnvKeys(session.options)),
      DBSAFE_VITEST_DIST: options.distPath,
    }
    this.#session = session
    this.#project = options.project
    this.#reuse = reuse
    this.#guard = new FileGuard({
      mode: session.options.guard,
      connectionsPerFile: session.options.connectionsPerFile,
      fallbackLevel: session.options.fallbackLevel,
      root: options.project.config.root,
      warnOnce: (message) => session.warnOnce(message),
    })
    session.warmUp(options.project)
  }

  override on(event: string, callback: Listener): void {
    if (event !== 'message') {
      super.on(event, callback)
      return
    }
    const wrapped: Listener = (message, ...rest) => {
      if (isWorkerNotice(message)) {
        this.#onNotice(message)
        return
      }
      debug('worker → pool %s', (message as { type?: string } | undefined)?.type ?? 'rpc')
      if (isTestfileFinished(message) && this.#inFlight) {
        // Held back: #forwardFiles hands it to Vitest once the guard has judged the file (after a rerun, the rerun's).
        const { finished } = this.#inFlight
        this.#inFlight = undefined
        finished({ message, rest })
        return
      }
      callback(message, ...rest)
    }
    this.#listeners.set(callback, wrapped)
    super.on(event, wrapped)
  }

  override off(event: string, callback: Listener): void {
    const wrapped = this.#listeners.get(callback)
    this.#listeners.delete(callback)
    super.off(event, wrapped ?? callback)
  }

  override send(message: WorkerRequest): void {
    debug('pool → worker %s', message.type ?? 'rpc')
    // Only Vitest's own requests keep their order behind a held-back run; birpc replies pass at once
    // (the worker waits for them while it runs a file).
    if (!message.__vitest_worker_request__ || message.type === 'cancel') {
      super.send(message)
      return
    }
    this.#chain = this.#chain
      .then(() => {
        if (message.type === 'run' || message.type === 'collect') return this.#forwardFiles(message)
        if (message.type === 'start') this.#environment = message.context.environment
        super.send(
          message.type === 'start' && this.#reuse.freshModulesPerFile
            ? withFreshModulesPerFile(message)
            : message,
        )
      })
      .catch((error: unknown) => this.#session.vitest.logger.error('dbsafe: a worker message failed', error))
  }

  /**
   * Whether Vitest may hand this process the next file (with `isolate: false`): the same environment, as
   * Vitest checks by default, and the last file left nothing running (an interval, a socket, a server),
   * which would act on in the next file. Otherwise Vitest stops the process and starts a new one.
   */
  canReuse(task: PoolTask): boolean {
    const wanted = task.context.environment
    if (
      this.#environment === undefined ||
      wanted.name !== this.#environment.name ||
      JSON.stringify(wanted.options ?? null) !== JSON.stringify(this.#environment.options ?? null)
    ) {
      return false
    }
    const leftOpen = this.#lastFile ? this.#meta(this.#lastFile)?.leftOpen : undefined
    if (leftOpen?.length) {
      debug('replacing the worker process: %s left %s running', this.#lastFile, leftOpen.join(', '))
      return false
    }
    return true
  }

  override async stop(): Promise<void> {
    this.#stopping = true
    this.#inFlight?.finished()
    this.#inFlight = undefined
    try {
      await super.stop()
    } finally {
      // Bounded: a server that stopped answering must not hold Vitest's close (the provisioner's close drops
      // what is still held).
      await withinDeadline(this.#releaseHeld(), this.#session.closeTimeoutMs)
    }
  }

  /**
   * A database file ran without dbsafe's runtime: nothing held its writes in a transaction. Its database is
   * not handed on (released as failed), and the run fails with an error that says why.
   */
  #onNotice(notice: WorkerNotice): void {
    if (notice.kind === 'observation') {
      this.#guard.observed(notice.filepath, notice.observation)
      return
    }
    const file = toRootRelative(this.#project.config.root, notice.filepath)
    this.#unguarded.add(notice.filepath)
    const error = new DbsafeError(
      'DBSAFE_CONTEXT_MISSING',
      `dbsafe: ${file} ran without dbsafe's runtime (no transaction per test, no connection tracking): a custom test.runner imported it without Vitest's TestRunner.importFile. Its database is discarded.`,
      {
        hint: "extend Vitest's TestRunner and keep its importFile (call super.importFile), or run this file outside the dbsafe pool.",
      },
    )
    // An unhandled error of the run: Vitest prints it and the run fails.
    this.#session.vitest.state.catchError(
      { name: error.name, code: error.code, message: error.message },
      'Unhandled dbsafe Error',
    )
  }

  /**
   * Runs the request's files one at a time. Each file's `testfileFinished` is held back until the runtime guard has
   * judged it (see `judgeAttempt`); a misclassified file that failed runs once more, right here, at the level it
   * needs and on a database of its own, and only then does Vitest hear that it finished — so Vitest and every
   * reporter see the rerun's result. With several files in one request (`isolate: false`, or one worker), Vitest
   * hears once, after the last.
   */
  async #forwardFiles(request: RunRequest): Promise<void> {
    await this.#releaseHeld()
    const { files } = request.context
    let finish: Finish | undefined
    for (const requested of files) {
      // A turn of the run's plan: the best file that can start now runs in it (maybe not the one Vitest named).
      const turn =
        files.length === 1 && request.type === 'run'
          ? await this.#session.takeTurn(this.#project, requested.filepath)
          : undefined
      const file = turn?.file ?? requested
      if (turn && file.filepath !== requested.filepath)
        debug('%s runs in the turn of %s', file.filepath, requested.filepath)
      let slot = await this.#prepare(file, request.type, undefined, turn?.grant)
      finish = await this.#attempt(request, file, slot)
      const rerun = finish && request.type === 'run' ? await this.#judge(file.filepath, slot) : undefined
      if (rerun && !this.#stopping) {
        slot.release()
        // The first attempt's database is never handed on as it is: it ran a misclassified file.
        await this.#releaseHeld({ discard: file.filepath })
        slot = await this.#prepare(file, request.type, rerun)
        finish = await this.#attempt(request, file, slot)
        if (finish) await this.#judge(file.filepath, slot, rerun)
      }
      slot.release()
      if (!finish) return this.#releaseHeld()
    }
    if (finish) for (const callback of this.#listeners.keys()) callback(finish.message, ...finish.rest)
  }

  /** Sends one file to the worker process and waits for its (held) `testfileFinished`; undefined when stopping. */
  async #attempt(request: RunRequest, file: FileSpec, slot: Slot): Promise<Finish | undefined> {
    this.#lastFile = file.filepath
    if (this.#stopping) return undefined
    const finished = new Promise<Finish | undefined>((resolve) => {
      this.#inFlight = { finished: resolve }
    })
    this.#session.fileSent()
    super.send({
      ...request,
      context: {
        ...request.context,
        files: [file],
        providedContext: {
          ...request.context.providedContext,
          [PROVIDE_KEY]: { [file.filepath]: slot.context },
        },
      },
    })
    const finish = await finished
    this.#session.fileFinished()
    // Whether it used its own database lands in its meta before Vitest, and so every reporter, hears it finished;
    // what the server recorded of it joins the guard's observation.
    if (finish) {
      const server = await slot.usage.complete(() => this.#settledTask(file.filepath))
      if (server) this.#guard.serverObserved(file.filepath, server)
      if (slot.usage.unavailable) this.#guard.serverViewUnavailable(slot.usage.unavailable)
    }
    return finish
  }

  /**
   * The runtime guard's verdict on a finished attempt, recorded in its meta once its final state has reached
   * Vitest; the rerun to make, if any (see `judgeAttempt`).
   */
  async #judge(filepath: string, slot: Slot, rerun?: Rerun): Promise<Rerun | undefined> {
    if (!this.#guard.enabled || !slot.analysis || !slot.level) return undefined
    const task = await this.#settledTask(filepath)
    const file = toRootRelative(this.#project.config.root, filepath)
    const verdict = this.#guard.judge(filepath, file, task, slot.analysis, slot.level, rerun)
    // A run being cancelled (Ctrl-C, a bail) fails its files on purpose: none is run again.
    if (!verdict?.rerunAt || (this.#session.vitest as { isCancelling?: boolean }).isCancelling)
      return undefined
    debug('rerunning %s at %s: %s', file, verdict.rerunAt, verdict.interference?.cause ?? 'misclassified')
    // Errors the first attempt left unhandled came from a file run under the wrong isolation: the rerun decides.
    const errors = (this.#session.vitest.state as { errorsSet?: Set<{ VITEST_TEST_PATH?: string }> })
      .errorsSet
    for (const error of errors ?? []) if (error?.VITEST_TEST_PATH === filepath) errors?.delete(error)
    return {
      level: verdict.rerunAt,
      observation: verdict.observation,
      ...(verdict.misclassified ? { misclassified: verdict.misclassified } : {}),
      ...(verdict.interference ? { interference: verdict.interference.cause } : {}),
    }
  }

  /**
   * Analysis, scheduling slot and database of one file (at `rerun.level` for a rerun; `granted`: the slot the
   * dispatcher already gave it); a failure becomes the file's error, not a hang.
   */
  async #prepare(file: FileSpec, method: RunRequest['type'], rerun?: Rerun, granted?: Grant): Promise<Slot> {
    const { options } = this.#session
    const root = this.#project.config.root
    let release: Release = granted?.release ?? (() => {})
    try {
      const analysis = await this.#session.analysis(this.#project).of(file.filepath)
      const invalid = invalidAnnotationError(analysis)
      if (invalid) throw invalid
      const level =
        rerun?.level ?? (method === 'collect' && analysis.level !== 'none' ? 'read-only' : analysis.level)
      const waitStarted = performance.now() - (granted?.waitedMs ?? 0)
      if (level !== 'none' && !granted) {
        release = await this.#session.admit(root, level, options.connectionsPerFile)
      }
      const { server } = release
      const prepared = await this.#rideOutages(root, level, server, () =>
        prepareFile({
          analysis: { ...analysis, level },
          root,
          provisioner: () => this.#session.provisionerFor(root, level, server),
          urlVariable: options.urlVariable,
          env: options.env,
          runtime: options.runtime,
          waitedMs: performance.now() - waitStarted,
          guard: this.#guard.enabled,
          ownServer: server !== undefined,
        }),
      )
      this.#held.push({ filepath: file.filepath, prepared })
      this.#guard.prepare(prepared.context, analysis, rerun)
      return { context: prepared.context, release, analysis, level, usage: prepared.usage }
    } catch (cause) {
      release()
      const error = isDbsafeError(cause)
        ? cause
        : new DbsafeError(
            'DBSAFE_PROVISION_FAILED',
            `dbsafe could not prepare a database for this file: ${(cause as Error)?.message ?? String(cause)}`,
            {
              cause,
              hint: 'Check that the PostgreSQL server is up and accepts connections; run with NODE_DEBUG=dbsafe to see each provisioning step.',
            },
          )
      return {
        context: {
          meta: { level: options.fallbackLevel, isolation: 'no-database', uncertain: true },
          env: {},
          unsetEnv: databaseEnvKeys(options),
          root,
          runtime: options.runtime,
          error: { code: error.code, message: error.message },
        },
        usage: NO_USAGE_CHECK,
        release: () => {},
      }
    }
  }

  /**
   * Runs `prepare` again each time it failed because the server is away, once the server answers: files wait out
   * an outage (up to `outageToleranceMs`) instead of failing. Any other failure is thrown at once.
   */
  async #rideOutages<T>(
    root: string,
    level: DbLevel,
    server: number | undefined,
    prepare: () => Promise<T>,
  ): Promise<T> {
    // A connection error while the server answers every probe is no outage: one more try, then it is the file's.
    let answeredAtOnce = 0
    for (;;) {
      // Past the tolerance, files fail at once instead of each trying the server again.
      const tooLong = (await this.#session.outages(level, server))?.tooLong()
      if (tooLong) throw tooLong
      try {
        return await prepare()
      } catch (error) {
        if (this.#stopping || !OutageGate.isOutage(error)) throw error
        if (!(await this.#session.waitForServer(root, error, level, server)) && ++answeredAtOnce > 1)
          throw error
      }
    }
  }

  /**
   * Gives back the databases of finished files. A failure is reported, never thrown: the file already
   * ran, and the provisioner drops whatever is left when it closes. `discard`: give back only that file's, reset
   * whatever its outcome, never kept (an attempt about to be rerun).
   */
  async #releaseHeld(options: { discard?: string } = {}): Promise<void> {
    const held = options.discard
      ? this.#held.filter((entry) => entry.filepath === options.discard)
      : this.#held
    this.#held = this.#held.filter((entry) => !held.includes(entry))
    // While the server is away a release cannot reach it: the databases stay the run's, dropped at its close.
    if (held.length > 0 && (await this.#session.outages())?.away) return
    const keepFailed = this.#session.options.keepFailed && !options.discard
    await Promise.all(
      held.map(async ({ filepath, prepared }) =>
        prepared
          .release({ failed: Boolean(options.discard) || (await this.#failed(filepath)), keepFailed })
          .catch((error: unknown) => {
            const file = toRootRelative(this.#project.config.root, filepath)
            this.#session.vitest.logger.warn(
              `dbsafe: the database of ${file} could not be given back (${(error as Error)?.message ?? String(error)}); it is dropped when the run ends.`,
            )
          }),
      ),
    )
  }

  /**
   * Whether the file failed. Its final state reaches Vitest's state a little after the worker reports the file
   * finished (task updates are processed asynchronously), and with worker reuse the next file's request comes
   * right then: wait for a final state, up to {@link OUTCOME_DEADLINE_MS}; none by then counts as failed.
   */
  async #failed(filepath: string): Promise<boolean> {
    if (this.#unguarded.has(filepath)) return true
    const state = (await this.#settledTask(filepath))?.result?.state
    return !(state === 'pass' || state === 'skip' || state === 'todo')
  }

  /** The file's task once its final state has reached Vitest's state, or as it is after {@link OUTCOME_DEADLINE_MS}. */
  async #settledTask(filepath: string) {
    const deadline = performance.now() + OUTCOME_DEADLINE_MS
    for (;;) {
      const task = this.#fileTask(filepath)
      const state = task?.result?.state
      if (state === 'pass' || state === 'skip' || state === 'todo' || state === 'fail') return task
      if (performance.now() > deadline) return task
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
  }

  #meta(filepath: string): DbsafeFileMeta | undefined {
    return (this.#fileTask(filepath)?.meta as Record<string, unknown> | undefined)?.[FILE_META_KEY] as
      | DbsafeFileMeta
      | undefined
  }

  #fileTask(filepath: string) {
    const tasks = this.#session.vitest.state.filesMap.get(filepath) ?? []
    return tasks.find((candidate) => candidate.projectName === this.#project.name) ?? tasks[0]
  }
}
