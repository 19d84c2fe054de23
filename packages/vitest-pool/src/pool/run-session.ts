import type { DbLevel } from '@dbsafe/core'
import type { TestProject, Vitest } from 'vitest/node'
import { DEFAULT_CLOSE_TIMEOUT_MS } from '../provision/close-within'
import { createProvisioner, type RunProvisioner } from '../provision/create-provisioner'
import type { OutageGate } from '../provision/outage-gate'
import type { Provisioner } from '../provision/provisioner'
import type { Release } from '../schedule/admission'
import { budgetWarning } from '../schedule/budget-warning'
import type { Grant } from '../schedule/file-dispatcher'
import { FileScheduler } from '../schedule/file-scheduler'
import { connectionBudget } from '../schedule/schedule-presets'
import {
  formatRunTimings,
  RUN_TIMINGS_KEY,
  RunTimings,
  type RunTimingsChannel,
  type RunTimingsSnapshot,
} from '../timing/run-timings'
import { cleanupOnSignal } from './cleanup-on-signal'
import type { DbsafeOptions, ResolvedPoolOptions } from './dbsafe-options'
import { provisionerOptions, resolvePoolOptions } from './dbsafe-options'
import { historyConnections } from './history-connections'
import { isolationFor } from './isolation-for'
import { ProjectAnalysis } from './project-analysis'
import { plannedFileId, type RunPlan } from './run-plan'
import { SequentialServer, usesOwnSequentialServer } from './sequential-server'

type FileSpec = NonNullable<ReturnType<RunPlan['fileSpec']>>

/** A worker's turn (see {@link RunSession.takeTurn}): the file to run instead of the one Vitest named, and its place. */
export interface Turn {
  file: FileSpec
  grant: Grant
}

/** Connections dbsafe's own provisioning may hold beside the test files' budget. */
const RESERVED_CONNECTIONS = 4

/**
 * Everything one Vitest instance shares across the workers of one `dbsafe()`/`dbsafePool()`:
 * the provisioner (started on the first database file), the scheduler, the analysis of each project.
 * Closes the provisioner when Vitest closes and on Ctrl-C / SIGTERM.
 */
export class RunSession {
  readonly vitest: Vitest
  readonly options: ResolvedPoolOptions
  /** The bound of each step of the close (see `closeTimeoutMs`). */
  readonly closeTimeoutMs: number
  readonly #raw: DbsafeOptions
  readonly #analyses = new Map<string, ProjectAnalysis>()
  readonly #warming = new Set<string>()
  readonly #warned = new Set<string>()
  #provisioner: Promise<RunProvisioner> | undefined
  /** The provisioner once started (outages are only watched from then on). */
  #started: RunProvisioner | undefined
  #scheduler: Promise<FileScheduler> | undefined
  #fileScheduler: FileScheduler | undefined
  /** Every phase from `vitest run` to exit (see `timings`). */
  readonly timings = new RunTimings()
  /** The run the sequencer planned, until its first turn installs it in the dispatcher. */
  #plan: { plan: RunPlan; measured: Promise<Map<string, number>>; installed?: Promise<void> } | undefined
  #closing: Promise<void> | undefined
  /** Settles once `close` is done (the timings channel's `closed`). */
  readonly #closed: Promise<void>
  #markClosed: () => void = () => {}
  readonly #removeSignalHandlers: () => void
  /**
   * Whether sequential files run on servers of their own (see `sequentialServer`), those servers in the order
   * they were started (a file's `Release.server` is its index), and the root they are started for.
   */
  readonly #ownSequential: boolean
  readonly #sequentialServers: SequentialServer[] = []
  #sequentialRoot: string | undefined

  constructor(vitest: Vitest, options: DbsafeOptions) {
    this.vitest = vitest
    this.#raw = options
    this.options = resolvePoolOptions(options)
    this.closeTimeoutMs = options.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS
    this.#ownSequential = usesOwnSequentialServer(
      this.options.sequentialServer,
      provisionerOptions(options, vitest.config.root).url,
    )
    // The session is made when Vitest has resolved the config (configureVitest, or the first worker).
    this.timings.once('config', 0)
    const snapshot = (): RunTimingsSnapshot => ({ spans: this.timings.spans(), idle: this.idle() })
    this.#closed = new Promise((resolve) => {
      this.#markClosed = resolve
    })
    const channel: RunTimingsChannel = { snapshot, closed: () => this.#closed.then(snapshot) }
    Object.defineProperty(vitest, RUN_TIMINGS_KEY, { value: channel, configurable: true })
    vitest.onClose(() => this.close())
    vitest.onTestsRerun(async () => {
      for (const analysis of this.#analyses.values()) analysis.invalidate()
      // A migration or seed edited since the last run: the rerun clones a template of the new inputs.
      const provisioner = await this.#provisioner?.catch(() => undefined)
      const sequential = await Promise.all(this.#sequentialServers.map((server) => server.provisioner()))
      await Promise.all([provisioner, ...sequential].map((each) => each?.refreshTemplate()))
    })
    this.#removeSignalHandlers = cleanupOnSignal(() => this.close())
  }

  /** Prints a warning once per Vitest instance (a note that would be the same for every file). */
  warnOnce(message: string): void {
    if (this.#warned.has(message)) return
    this.#warned.add(message)
    this.vitest.logger.warn(message)
  }

  /** The run's provisioner; the server and template are only started when the first database file asks. */
  provisioner(root: string): Promise<Provisioner> {
    this.#provisioner ??= this.timings.time('server', () =>
      createProvisioner({
        onLog: (message) => this.vitest.logger.warn(message),
        ...provisionerOptions(this.#raw, root),
      }).then((provisioner) => {
        this.#started = provisioner
        return provisioner
      }),
    )
    return this.#provisioner
  }

  /**
   * The provisioner of a file at `level` (`server`: which of the sequential files' own servers its place is on,
   * see `Release.server`): that server when sequential files have their own and it started, else the run's.
   */
  async provisionerFor(root: string, level: DbLevel, server = 0): Promise<Provisioner> {
    const own = level === 'sequential' && this.#ownSequential
    return (own && (await this.#sequentialServers[server]?.provisioner())) || this.provisioner(root)
  }

  /**
   * Starts the sequential files' first own server (once), when they have one: they wait for it (`server`) while
   * every other file runs; should it fail to start, they take the lane on the main server. More start when
   * sequential files wait for each other (see `Admission.ownSequentialServer`).
   */
  startSequentialServer(root: string): void {
    if (!this.#ownSequential || this.#sequentialServers.length > 0) return
    this.#sequentialRoot = root
    this.#startOneSequentialServer(root)
  }

  #startOneSequentialServer(root: string): void {
    const { admission } = this.#schedulerNow()
    const server = new SequentialServer()
    const first = this.#sequentialServers.length === 0
    this.#sequentialServers.push(server)
    void server.start(
      { onLog: (message) => this.vitest.logger.warn(message), ...provisionerOptions(this.#raw, root) },
      {
        onUp: () => admission.sequentialServerUp(),
        onFailed: (error) => {
          const why = (error as Error)?.message ?? String(error)
          this.vitest.logger.warn(
            first
              ? `dbsafe: the server of the sequential files could not start (${why}); they run alone on the main server instead.`
              : `dbsafe: one more server for the sequential files could not start (${why}); they share the ${this.#sequentialServers.length - 1} that run.`,
          )
          admission.sequentialServerFailed()
        },
      },
    )
  }

  /** Waits until a file at `level` outside the run's plan may start (see `FileScheduler.admit`). */
  async admit(root: string, level: DbLevel, connections: number): Promise<Release> {
    if (level !== 'sequential' || !this.#ownSequential)
      return (await this.scheduler(root)).admit(level, connections)
    this.startSequentialServer(root)
    // Sized all the same: should the own server fail, the lane on the main server needs the budget.
    this.scheduler(root).catch(() => {})
    return this.#schedulerNow().admit(level, connections)
  }

  /**
   * Starts the server and the template at once, beside the analysis, when dbsafe owns the server (embedded) and
   * the config names migrations or a seed (so database files are all but certain): the first database file then
   * finds them ready.
   * A failure is left to the files' leases, which report it.
   */
  prestart(root: string): void {
    const { url, migrations, seed } = provisionerOptions(this.#raw, root)
    if (url || (migrations === undefined && seed === undefined)) return
    this.provisioner(root)
      .then((provisioner) => this.timings.time('template', () => provisioner.ensureTemplate()))
      .catch(() => {})
  }

  /**
   * Waits until the server answers again after `error` said it is away (see OutageGate): true when it had been
   * away. Rejects when the outage outlasts `outageToleranceMs`, or at once when the provisioner never started.
   */
  async waitForServer(root: string, error: unknown, level?: DbLevel, server?: number): Promise<boolean> {
    const provisioner = level ? await this.provisionerFor(root, level, server) : await this.provisioner(root)
    return (provisioner as RunProvisioner).outages.waitForServer(error)
  }

  /**
   * The server's outages, once the provisioner has started (see OutageGate). Never waits for a server that is
   * still starting: a file without a database must not wait for it.
   */
  async outages(level?: DbLevel, server = 0): Promise<OutageGate | undefined> {
    if (level === 'sequential' && this.#ownSequential) {
      const own = await this.#sequentialServers[server]?.provisioner()
      if (own) return own.outages
    }
    return this.#started?.outages
  }

  /** The scheduler; database files wait until the server has said how many connections it takes. */
  #schedulerNow(): FileScheduler {
    if (!this.#fileScheduler) {
      this.#fileScheduler = new FileScheduler({ levelConcurrency: this.options.levelConcurrency })
      if (this.#ownSequential)
        this.#fileScheduler.admission.ownSequentialServer({
          capacity: this.vitest.config.maxWorkers,
          grow: () => {
            if (this.#sequentialRoot !== undefined && !this.#closing)
              this.#startOneSequentialServer(this.#sequentialRoot)
          },
        })
    }
    return this.#fileScheduler
  }

  /** The scheduler, once its connection budget is sized from the server's `max_connections`. */
  scheduler(root: string): Promise<FileScheduler> {
    const scheduler = this.#schedulerNow()
    this.#scheduler ??= this.provisioner(root).then((provisioner) => {
      const { usableConnections } = provisioner.server
      const budget = connectionBudget(usableConnections, RESERVED_CONNECTIONS)
      const warning = budgetWarning({
        budget,
        usableConnections,
        reservedConnections: RESERVED_CONNECTIONS,
        connectionsPerFile: this.options.connectionsPerFile,
        maxWorkers: this.vitest.config.maxWorkers,
      })
      if (warning) this.vitest.logger.warn(warning)
      scheduler.admission.setConnectionBudget(budget)
      return scheduler
    })
    return this.#scheduler
  }

  /**
   * The sequencer's order of a run's files of this session: the dispatcher plans from it at the first turn
   * (when Vitest has read every file's environment). The server starts now when a file needs it.
   */
  planRun(plan: RunPlan, root: string): void {
    // The history is read now, beside the server's start: the first turn finds it (the sequencer read it already).
    this.#plan = { plan, measured: historyConnections(this.vitest, root) }
    if (!plan.needsServer) return
    if (plan.hasSequential(this.options.fallbackLevel)) this.startSequentialServer(root)
    // A server that cannot start fails each database file when it prepares its database; until then they wait.
    this.scheduler(root).catch(() =>
      this.#schedulerNow().admission.setConnectionBudget(Number.MAX_SAFE_INTEGER),
    )
  }

  /**
   * Takes the turn Vitest gave `filepath`: resolves with the file to run now (the best of the run that can
   * start, maybe another than `filepath`) and its place on the server; undefined when the run was not planned
   * (the caller runs `filepath` itself).
   */
  async takeTurn(project: TestProject, filepath: string): Promise<Turn | undefined> {
    const run = this.#plan
    if (!run) return undefined
    const { dispatcher } = this.#schedulerNow()
    run.installed ??= run.measured.then((measured) =>
      dispatcher.plan(run.plan.files(this.options.connectionsPerFile, this.options.fallbackLevel, measured)),
    )
    await run.installed
    const id = plannedFileId(project.name, filepath)
    if (!dispatcher.has(id)) return undefined
    const grant = await dispatcher.take(id)
    const file = grant && run.plan.fileSpec(grant.file.id)
    if (!grant || !file) {
      grant?.release()
      return undefined
    }
    return { file, grant }
  }

  /** A file was sent to its worker (`first-file`, and the start of `files`). */
  fileSent(): void {
    this.timings.once('first-file', 0)
    this.timings.start('files')
  }

  /** A file finished (the end of `files`). */
  fileFinished(): void {
    this.timings.end('files')
  }

  /** How long workers waited for a file they could start in this run, and why (see `FileDispatcher`). */
  idle() {
    return this.#fileScheduler?.dispatcher.idle()
  }

  /**
   * Starts the server, the template and (when read-only files exist) the shared read-only database
   * while the first files are analysed and the files without a database run, as soon as the analysis
   * shows a project has database files. Errors are left to the
   * files' own leases, which report them.
   */
  warmUp(project: TestProject): void {
    if (this.#warming.has(project.name)) return
    this.#warming.add(project.name)
    void this.analysis(project)
      .all()
      .then(async (files) => {
        // A file with a misspelt annotation fails without a database.
        if (files.every((file) => file.level === 'none' || file.invalidAnnotation !== undefined)) return
        if (files.some((file) => file.level === 'sequential')) this.startSequentialServer(project.config.root)
        const provisioner = await this.provisioner(project.config.root)
        await this.timings.time('template', () => provisioner.ensureTemplate())
        // The shared read-only database too, so the first read-only file does not wait for its clone.
        if (files.some((file) => isolationFor(file) === 'read-only-clone'))
          await provisioner.readOnlyDatabase()
      })
      .catch(() => {})
  }

  /** The analysis of a project's test files. */
  analysis(project: TestProject): ProjectAnalysis {
    let analysis = this.#analyses.get(project.name)
    if (!analysis) {
      analysis = new ProjectAnalysis(
        {
          root: project.config.root,
          setupFiles: project.config.setupFiles,
          levels: this.options.levels,
          fallbackLevel: this.options.fallbackLevel,
        },
        async () => (await project.globTestFiles()).testFiles,
        (work) => this.timings.time('analysis', work),
      )
      this.#analyses.set(project.name, analysis)
    }
    return analysis
  }

  /** Drops the run's databases (pristine ones stay as spares, see `keepSpares`) and stops an embedded server. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#removeSignalHandlers()
      const provisioner = await this.#provisioner?.catch(() => undefined)
      // Every server at once: each close is bounded by closeTimeoutMs.
      await this.timings.time('close', async () => {
        await Promise.all([provisioner?.close(), ...this.#sequentialServers.map((server) => server.close())])
      })
      if (this.options.timings) {
        const lines = formatRunTimings(this.timings.spans(), this.idle())
        this.vitest.logger.log(['dbsafe timings (from process start):', ...lines].join('\n'))
      }
    })().finally(() => this.#markClosed())
    return this.#closing
  }
}

const sessions = new WeakMap<Vitest, WeakMap<object, RunSession>>()

/** The session a pool initializer already has within a Vitest instance, if any. */
export function findSession(vitest: Vitest, owner: object): RunSession | undefined {
  return sessions.get(vitest)?.get(owner)
}

/** The session of one pool initializer within one Vitest instance. */
export function sessionFor(vitest: Vitest, owner: object, options: DbsafeOptions): RunSession {
  const byOwner = sessions.get(vitest) ?? new WeakMap<object, RunSession>()
  sessions.set(vitest, byOwner)
  const session = byOwner.get(owner) ?? new RunSession(vitest, options)
  byOwner.set(owner, session)
  return session
}
