import { appendFile, mkdir, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import {
  DbsafeError,
  emptyHistory,
  HISTORY_SCHEMA_VERSION,
  HISTORY_SOURCE_KEY,
  type History,
  type HistoryRun,
  historyFileKey,
  isDbsafeError,
  type LearnedLevels,
  learnedLevelsPath,
  learnFromHistory,
  type RunTimingsChannel,
  readLearnedLevels,
  runTimingsOf,
  toRootRelative,
  writeLearnedLevels,
} from '@dbsafe/core'
import type { Reporter, TestModule, TestRunEndReason, Vitest } from 'vitest/node'
import { corruptHistoryWarning } from './corrupt-history-warning'
import { createHistoryStore } from './create-history-store'
import { writeHistoryFile } from './file-history-store'
import { fileRecordOf } from './file-record'
import { fileSystemProblem } from './file-system-problem'
import { detectFlaky } from './flaky'
import { formatTerminalSummary } from './format-terminal'
import { githubAnnotations, jobSummaryMarkdown } from './github-output'
import { ReporterHistorySource } from './history-source'
import { renderHtmlReport } from './html-report'
import { type IsolationProblem, isolationProblems } from './isolation-problems'
import { logicalRuns } from './logical-runs'
import { mergeHistories } from './merge-history'
import { levelRecommendations } from './misclassified'
import { type DbsafeReporterOptions, HTML_REPORT_FILE, SHARDS_DIR } from './options'
import { validateReporterOptions } from './options-spec'
import { plannedFor } from './plan-registry'
import { formatPoolCloseLine, poolTimingsOf } from './pool-timings'
import { recommend } from './recommendations'
import { NO_SHARD_PLAN_WARNING, REPORTER_BRAND } from './reporter-presence'
import { runContextFromEnv } from './run-context'
import { summarize } from './run-summary'
import { checkShards, SHARD_META_KEY, type ShardTag } from './shard-check'
import { detectSlowdowns } from './slowdowns'

/**
 * Records every run into the dbsafe history, then prints a summary (slowest files and tests, time by
 * level and isolation, flaky tests, slowdowns, recommendations), writes the HTML report and, in GitHub
 * Actions, a job summary and annotations. Shard runs (`--shard`) write their part under
 * `.vitest/dbsafe/shards/`; the `--merge-reports` run records the whole suite and checks the shard plan.
 * All analysis happens once, at the end of the run.
 */
export class DbsafeReporter implements Reporter {
  /** Lets the sequencer see this reporter among Vitest's, whichever copy of the module made it. */
  readonly [REPORTER_BRAND] = true
  readonly #options: DbsafeReporterOptions
  #vitest: Vitest | undefined
  /** The history runs plan from, published for the sequencer and the pool (see `HistorySource`). */
  #source: ReporterHistorySource | undefined
  #startedAt = new Date()
  #start = performance.now()
  #busyMs = 0
  readonly #shardTags = new Map<string, ShardTag[]>()
  /** Runs summarized so far in this process (a watch-mode rerun leaves the start-up cost out). */
  #runs = 0
  /** Whether the pool's close line is already awaited (see {@link DbsafeReporter.#sayPoolClose}). */
  #closeLine = false

  /** Checks the options at once (config load): a misspelt or mistyped one throws `DBSAFE_CONFIG_INVALID`. */
  constructor(options: DbsafeReporterOptions = {}) {
    this.#options = validateReporterOptions(options)
  }

  onInit(vitest: Vitest): void {
    this.#vitest = vitest
    // The sequencer and the pool plan from the history this reporter writes (its history.file or PostgreSQL store).
    this.#source = new ReporterHistorySource(vitest.config.root, this.#options.history, this.#options.env, {
      sharded: Boolean(vitest.config.shard),
    })
    Object.defineProperty(vitest, HISTORY_SOURCE_KEY, { value: this.#source, configurable: true })
    this.onTestRunStart()
  }

  /** Each run (also a watch-mode rerun) is timed and tagged on its own. */
  onTestRunStart(): void {
    this.#startedAt = new Date()
    this.#start = performance.now()
    this.#busyMs = 0
    this.#shardTags.clear()
  }

  onTestModuleEnd(module: TestModule): void {
    const begin = performance.now()
    const vitest = this.#vitest
    if (!vitest) return
    const meta = module.meta() as Record<string, unknown>
    const key = historyFileKey(module.project.name, toRootRelative(vitest.config.root, module.moduleId))
    if (vitest.config.mergeReports) {
      const tag = meta[SHARD_META_KEY] as ShardTag | undefined
      if (tag) this.#shardTags.set(key, [...(this.#shardTags.get(key) ?? []), tag])
    } else {
      const plan = plannedFor(vitest)
      if (plan) {
        const context = runContextFromEnv(this.#options.env ?? process.env)
        const tag: ShardTag = {
          index: plan.index,
          count: plan.count,
          hash: plan.hash,
          files: plan.files,
          predictedMs: plan.predictedMs,
          runId: context.runId,
          attempt: context.attempt,
        }
        meta[SHARD_META_KEY] = tag
      }
    }
    this.#busyMs += performance.now() - begin
  }

  async onTestRunEnd(
    modules: ReadonlyArray<TestModule>,
    _errors: unknown,
    reason: TestRunEndReason,
  ): Promise<void> {
    const vitest = this.#vitest
    if (!vitest) return
    const problems = isolationProblems(modules, vitest.config.root)
    try {
      await this.#finish(vitest, modules, reason, problems)
    } catch (error) {
      if (!isDbsafeError(error)) throw error
      vitest.logger.error(`dbsafe: ${error.message}`)
      process.exitCode = 1
    } finally {
      // Whatever else happened (summary off, history unreadable), files not isolated fail the run, loudly.
      const notIsolated = problems.filter((problem) => problem.severity === 'error')
      if (notIsolated.length) {
        vitest.logger.error(`dbsafe: ${notIsolatedError(notIsolated).message}`)
        process.exitCode = 1
      }
    }
  }

  /**
   * Once the pool has closed (Vitest's close: databases dropped, server stopped), one line with how long that took
   * and the run's fixed cost. Waits at most {@link POOL_CLOSE_WAIT_MS}: a pool that never closes holds nothing up.
   */
  #sayPoolClose(vitest: Vitest, timings: RunTimingsChannel): void {
    if (this.#closeLine) return
    this.#closeLine = true
    vitest.onClose(async () => {
      let timer: NodeJS.Timeout | undefined
      const gaveUp = new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), POOL_CLOSE_WAIT_MS).unref()
      })
      const snapshot = await Promise.race([timings.closed(), gaveUp])
      clearTimeout(timer)
      const line = snapshot && formatPoolCloseLine(snapshot)
      if (line) vitest.logger.log(line)
    })
  }

  /**
   * What the history teaches about levels (see `learnFromHistory`), written to `.vitest/dbsafe/learned-levels.json`
   * when it changed, for the analyzer and the pool of the next run.
   */
  async #learn(vitest: Vitest, history: History): Promise<LearnedLevels> {
    const root = vitest.config.root
    const learned = learnFromHistory(history)
    if (sameLearned(learned, readLearnedLevels(root))) return learned
    await this.#tolerant(
      vitest,
      `the learned levels could not be written to ${toRootRelative(root, learnedLevelsPath(root))}`,
      'the next run starts every file at its analysed level.',
      async () => writeLearnedLevels(root, learned),
    )
    return learned
  }

  /**
   * Runs a write the tests' outcome does not depend on (the history, the report): a file that cannot be written
   * (no permission, a read-only folder, a full disk) is a one-line warning, not a crash that fails a green run.
   */
  async #tolerant(vitest: Vitest, what: string, fix: string, write: () => Promise<unknown>): Promise<void> {
    try {
      await write()
    } catch (error) {
      const problem = fileSystemProblem(error, vitest.config.root)
      if (!problem) throw error
      vitest.logger.warn(`dbsafe: ${what} (${problem}); ${fix}`)
    }
  }

  async #finish(
    vitest: Vitest,
    modules: ReadonlyArray<TestModule>,
    reason: TestRunEndReason,
    problems: IsolationProblem[],
  ): Promise<void> {
    const begin = performance.now()
    const options = this.#options
    const env = options.env ?? process.env
    const root = vitest.config.root
    const merging = Boolean(vitest.config.mergeReports)
    const context = runContextFromEnv(env)
    const firstTag = [...this.#shardTags.values()][0]?.[0]
    const shard = merging ? undefined : vitest.config.shard
    const plan = merging ? undefined : plannedFor(vitest)
    const run: HistoryRun = {
      runId: firstTag?.runId ?? context.runId,
      attempt: firstTag?.attempt ?? context.attempt,
      merged: merging,
      startedAt: this.#startedAt.toISOString(),
      wallMs: performance.now() - this.#start,
      reporterMs: 0,
      defaultBranch: context.defaultBranch,
      ci: context.ci,
      nodeVersion: process.version,
      vitestVersion: vitest.version,
      workers: vitest.config.maxWorkers,
      status: reason,
      files: modules.map((module) => fileRecordOf(module, root)),
    }
    if (reason === 'interrupted' || vitest.config.testNamePattern) run.partial = true
    if (shard) run.shard = { index: shard.index, count: shard.count }
    if (context.commit) run.commit = context.commit
    if (context.branch) run.branch = context.branch
    if (plan)
      run.plan = {
        hash: plan.hash,
        snapshot: plan.snapshot,
        files: plan.files,
        predictedMs: plan.predictedMs,
      }
    if (firstTag) {
      // The merged run keeps the shards' plan; its prediction is the slowest shard's.
      const predicted = [...this.#shardTags.values()].flat().map((tag) => tag.predictedMs ?? 0)
      run.plan = {
        hash: firstTag.hash,
        snapshot: 'merged',
        files: firstTag.files,
        predictedMs: Math.max(0, ...predicted),
      }
    }
    if (merging) {
      // The whole suite's wall time is its slowest shard's.
      const wall = vitest.state.blobs?.executionTimes
      if (wall?.length) run.wallMs = Math.max(...wall)
    }
    const shardCheck = merging ? checkShards(this.#shardTags, run.files) : undefined
    if (merging && !shardCheck) vitest.logger.warn(NO_SHARD_PLAN_WARNING)

    let history: History
    let location: string
    if (shard) {
      // A shard records only its part, beside the history, so every shard keeps planning from the same snapshot.
      const safeId = run.runId.replace(/[^\w.-]/g, '_')
      const file = join(SHARDS_DIR, `${safeId}-${run.attempt}-${shard.index}-of-${shard.count}.json`)
      run.reporterMs = this.#busyMs + performance.now() - begin
      await this.#tolerant(
        vitest,
        `this shard's record could not be written to ${file}`,
        'the merge job will miss it: make .vitest/dbsafe writable.',
        () => writeHistoryFile(resolve(root, file), { schemaVersion: HISTORY_SCHEMA_VERSION, runs: [run] }),
      )
      const store = createHistoryStore(root, options.history)
      try {
        history = mergeHistories(await store.load().catch(() => emptyHistory()), {
          schemaVersion: HISTORY_SCHEMA_VERSION,
          runs: [run],
        })
      } finally {
        await store.close()
      }
      location = file
    } else {
      const store = createHistoryStore(root, options.history, {
        onCorrupt: ({ error, movedTo }) => vitest.logger.warn(corruptHistoryWarning(error, movedTo, root)),
      })
      try {
        run.reporterMs = this.#busyMs + performance.now() - begin
        let stored: History | undefined
        await this.#tolerant(
          vitest,
          `this run could not be recorded in ${store.description}`,
          "the exit code is the tests' own. Make that folder writable, or set history.file to a writable path.",
          async () => {
            stored = await store.append([run], options.history ?? {})
            this.#source?.changed()
          },
        )
        history =
          stored ??
          mergeHistories(await store.load().catch(() => emptyHistory()), {
            schemaVersion: HISTORY_SCHEMA_VERSION,
            runs: [run],
          })
      } finally {
        await store.close()
      }
      location = store.description
    }

    const learned = await this.#learn(vitest, history)
    const runs = logicalRuns(history)
    const flaky = detectFlaky(runs, options.flaky)
    const slowdowns = detectSlowdowns(runs, options.slowdowns)
    const htmlPath = options.html === false ? undefined : HTML_REPORT_FILE
    const timings = runTimingsOf(vitest)
    const pool = timings && poolTimingsOf(timings.snapshot(), this.#runs++ === 0)
    const summary = summarize(run, {
      historyRuns: runs.length,
      flaky,
      slowdowns,
      recommendations: [...levelRecommendations(learned, run), ...recommend(run, flaky, plan)],
      problems,
      topCount: options.topCount ?? 5,
      historyLocation: location,
      ...(plan ? { plan } : {}),
      ...(shardCheck ? { shardCheck } : {}),
      ...(htmlPath ? { htmlPath } : {}),
      ...(pool ? { pool } : {}),
    })
    if (options.summary !== false) {
      vitest.logger.log(formatTerminalSummary(summary))
      if (timings) this.#sayPoolClose(vitest, timings)
    }
    if (htmlPath) {
      const path = resolve(root, htmlPath)
      await this.#tolerant(
        vitest,
        `the HTML report could not be written to ${htmlPath}`,
        'make that folder writable, or pass html: false.',
        async () => {
          await mkdir(dirname(path), { recursive: true })
          await writeFile(path, renderHtmlReport(runs, summary))
        },
      )
    }
    if (options.github !== false && env.GITHUB_ACTIONS === 'true') {
      const stepSummary = env.GITHUB_STEP_SUMMARY
      if (stepSummary)
        await this.#tolerant(
          vitest,
          'the job summary could not be appended to $GITHUB_STEP_SUMMARY',
          'the annotations below still say what matters.',
          () => appendFile(stepSummary, jobSummaryMarkdown(summary)),
        )
      // Vitest's own github-actions reporter already annotates failed tests: say it once.
      const failures = !vitest.config.reporters.some((entry) =>
        Array.isArray(entry)
          ? entry[0] === 'github-actions'
          : entry?.constructor?.name === 'GithubActionsReporter',
      )
      for (const line of githubAnnotations(summary, options.maxAnnotations ?? 10, { failures }))
        vitest.logger.log(line)
    }
    if (shardCheck?.problems.length) {
      throw new DbsafeError(
        'DBSAFE_SHARD_MISMATCH',
        `the merged shards do not match their plan: ${shardCheck.problems.join('; ')}.`,
        {
          hint: 'Give every shard the same history snapshot (restore it before `vitest --shard`, set DBSAFE_HISTORY_SNAPSHOT) and merge the blobs of every shard exactly once.',
        },
      )
    }
  }
}

/** How long the close line waits for the pool's close. */
const POOL_CLOSE_WAIT_MS = 120_000

/** Whether two learned-levels documents say the same. */
function sameLearned(a: LearnedLevels, b: LearnedLevels): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/** The error that fails a run with files dbsafe cannot vouch for. */
function notIsolatedError(problems: readonly IsolationProblem[]): DbsafeError {
  const files = problems.map((problem) => problem.file)
  const listed =
    files.length > 5 ? `${files.slice(0, 5).join(', ')} and ${files.length - 5} more` : files.join(', ')
  return new DbsafeError(
    'DBSAFE_NOT_ISOLATED',
    `DBSAFE_NOT_ISOLATED: ${files.length} test ${files.length === 1 ? 'file was' : 'files were'} not isolated, so this run fails: ${listed}.`,
    {
      hint: 'see "Not isolated" in the dbsafe summary for what each file did; route the variables your application reads with dbsafe({ env: { … } }) (docs/pool.md).',
    },
  )
}
