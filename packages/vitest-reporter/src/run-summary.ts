import { fileCostMs, type HistoryRun, historyFileKey } from '@dbsafe/core'
import { type FailedTest, failedTestsOf } from './failed-tests'
import type { FlakyFinding } from './flaky'
import type { IsolationProblem, IsolationProblemKind } from './isolation-problems'
import type { ShardRunPlan } from './plan-registry'
import type { PoolTimings } from './pool-timings'
import type { Recommendation } from './recommendations'
import type { ShardCheck } from './shard-check'
import type { SlowdownFinding } from './slowdowns'

/** Everything the terminal, GitHub and HTML outputs show about one run. */
export interface RunSummary {
  /** The record of this run (a merged run's record holds every shard). */
  run: HistoryRun
  /**
   * The verdict at the top of every output: `failed` when a test or file failed or a file was not isolated,
   * `interrupted` when the run was cut short, else `passed`.
   */
  status: 'passed' | 'failed' | 'interrupted'
  /** Every failed test (and file that failed on its own) with its first error, file by file. */
  failedTests: FailedTest[]
  /** Whole runs in the history, this one included. */
  historyRuns: number
  tests: { passed: number; failed: number; skipped: number; retried: number }
  /** Sum of file costs (ms): the CPU-side time of the suite. */
  fileTimeMs: number
  slowestFiles: { file: string; costMs: number; level?: string; isolation?: string; tests: number }[]
  slowestTests: { file: string; name: string; durationMs: number }[]
  /** Time by level and isolation, most time first. */
  byLevel: { level: string; isolation: string; files: number; costMs: number }[]
  /** Connection metrics over files (metric → total; `max…` metrics → maximum), when the runtime reported any. */
  connections: Record<string, number>
  flaky: FlakyFinding[]
  slowdowns: SlowdownFinding[]
  recommendations: Recommendation[]
  /** Files whose isolation dbsafe cannot vouch for, errors first (see {@link IsolationProblem}). */
  problems: IsolationProblem[]
  plan?: ShardRunPlan
  shardCheck?: ShardCheck
  /** Where the history was stored, and where the HTML report went. */
  historyLocation: string
  htmlPath?: string
  /** The dbsafe pool's waits and start-up cost, when the pool ran (see `formatPoolLine`). */
  pool?: PoolTimings
}

/** Inputs of {@link summarize}, apart from the run itself. */
export interface SummaryInputs {
  historyRuns: number
  flaky: FlakyFinding[]
  slowdowns: SlowdownFinding[]
  recommendations: Recommendation[]
  /** Files whose isolation dbsafe cannot vouch for (the run's modules only: absent when summarizing history). */
  problems?: IsolationProblem[]
  topCount: number
  historyLocation: string
  plan?: ShardRunPlan
  shardCheck?: ShardCheck
  htmlPath?: string
  pool?: PoolTimings
}

/** What the time-by-isolation table says of a file with a problem, instead of an isolation it did not get. */
const PROBLEM_LABELS: Record<IsolationProblemKind, string> = {
  'no-context': 'NO DBSAFE CONTEXT',
  'queried-elsewhere': 'NOT ISOLATED',
  'unused-database': 'own database unused',
}

/** Builds the summary of a run: totals, slowest files and tests, time by level and isolation. */
export function summarize(run: HistoryRun, inputs: SummaryInputs): RunSummary {
  const problems = inputs.problems ?? []
  const problemOf = new Map(
    problems.map((problem) => [historyFileKey(problem.project, problem.file), problem]),
  )
  const tests = { passed: 0, failed: 0, skipped: 0, retried: 0 }
  const allTests: RunSummary['slowestTests'] = []
  const levels = new Map<string, RunSummary['byLevel'][number]>()
  const connections: Record<string, number> = {}
  for (const file of run.files) {
    for (const test of file.tests) {
      tests[test.state]++
      if (test.retries > 0) tests.retried++
      allTests.push({ file: file.file, name: test.name, durationMs: test.durationMs })
    }
    const level = file.level ?? 'unclassified'
    const problem = problemOf.get(historyFileKey(file.project, file.file))
    const isolation = problem
      ? PROBLEM_LABELS[problem.kind]
      : (file.isolation ?? (file.level ? 'unknown' : 'no dbsafe pool'))
    const key = `${level}\u0000${isolation}`
    const entry = levels.get(key) ?? { level, isolation, files: 0, costMs: 0 }
    entry.files++
    entry.costMs += fileCostMs(file)
    levels.set(key, entry)
    for (const [name, value] of Object.entries(file.connections ?? {}))
      connections[name] = (connections[name] ?? 0) + value
  }
  const files = run.files.map((file) => ({
    file: file.file,
    costMs: fileCostMs(file),
    ...(file.level ? { level: file.level } : {}),
    ...(file.isolation ? { isolation: file.isolation } : {}),
    tests: file.tests.length,
  }))
  const failedTests = failedTestsOf(run)
  const notIsolated = problems.some((problem) => problem.severity === 'error')
  const summary: RunSummary = {
    run,
    status:
      run.status === 'interrupted'
        ? 'interrupted'
        : failedTests.length || notIsolated || run.status === 'failed'
          ? 'failed'
          : 'passed',
    failedTests,
    historyRuns: inputs.historyRuns,
    tests,
    fileTimeMs: files.reduce((sum, file) => sum + file.costMs, 0),
    slowestFiles: files
      .sort((a, b) => b.costMs - a.costMs || a.file.localeCompare(b.file))
      .slice(0, inputs.topCount),
    slowestTests: allTests
      .sort((a, b) => b.durationMs - a.durationMs || a.name.localeCompare(b.name))
      .slice(0, inputs.topCount),
    byLevel: [...levels.values()].sort((a, b) => b.costMs - a.costMs),
    connections,
    flaky: inputs.flaky,
    slowdowns: inputs.slowdowns,
    recommendations: inputs.recommendations,
    problems,
    historyLocation: inputs.historyLocation,
  }
  if (inputs.plan) summary.plan = inputs.plan
  if (inputs.shardCheck) summary.shardCheck = inputs.shardCheck
  if (inputs.htmlPath) summary.htmlPath = inputs.htmlPath
  if (inputs.pool) summary.pool = inputs.pool
  return summary
}
