import type { Isolation } from './isolation'
import type { DbLevel } from './levels'
import type { LevelSource } from './manifest'
import type { DbsafeInterference, DbsafeMisclassification } from './observation'

/** The version of the history format; bumped on any incompatible change. */
export const HISTORY_SCHEMA_VERSION = 1

/** The final state of a test or file in one run. */
export type HistoryState = 'passed' | 'failed' | 'skipped'

/** One test in one run. Keyed by project + root-relative file + `name`. */
export interface HistoryTest {
  /** The full name (`suite > test`), as Vitest's `testCase.fullName`. */
  name: string
  /** The final state after retries. */
  state: HistoryState
  /** Milliseconds of the last attempt (Vitest's `diagnostic().duration`). */
  durationMs: number
  /** How many times the test was retried (0 when it passed or failed at once). */
  retries: number
  /** The state of every attempt, in order, when there was more than one (`['failed', 'passed']`). */
  attempts?: HistoryState[]
}

/** Why a test (or, without `test`, the file itself) failed: enough to read in a report without the logs. */
export interface HistoryFailure {
  /** The full name of the failed test; absent for an error of the file (an import that threw, a hook). */
  test?: string
  /** The error's name and message (at most 2,000 characters, no colour codes). */
  message: string
  /** Where it was thrown in the project: root-relative `file:line:column`, when the stack says. */
  at?: string
  /** The first frames of the stack in the project (`method (file:line:column)`), at most 3. */
  stack?: string[]
}

/** One test file in one run. */
export interface HistoryFileRecord {
  /** The Vitest project name (`''` for an unnamed project). */
  project: string
  /** Root-relative path with forward slashes. */
  file: string
  state: HistoryState
  /** Milliseconds importing the environment. */
  environmentMs: number
  /** Milliseconds Vitest spent preparing the harness. */
  prepareMs: number
  /** Milliseconds importing the file and running its suite callbacks. */
  collectMs: number
  /** Milliseconds importing setup files. */
  setupMs: number
  /** Milliseconds of all tests and hooks. */
  runMs: number
  /** The database dependency level the pool gave the file, when the dbsafe pool ran it. */
  level?: DbLevel
  /** The isolation the file ran under, when known. */
  isolation?: Isolation
  /** Whether the level came from the fallback for unreadable evidence. */
  uncertain?: boolean
  /** The deciding reason of the level, one line. */
  reason?: string
  /** Milliseconds the pool spent preparing the file's database (clone, reset, lease). */
  provisionMs?: number
  /** Milliseconds the file waited for its scheduling slot (sequential lane, level caps, connection budget). */
  waitMs?: number
  /** True when a sequential file ran on a server of its own, beside the other files (not alone on the main one). */
  ownServer?: boolean
  /** Connection metrics the worker runtime reported (name → number), when present. */
  connections?: Record<string, number>
  /** Where the level came from (`learned`: an earlier run saw the file need it). */
  source?: LevelSource
  /** Hash of the contents of the file and of the project modules it imports: learned levels are keyed by it. */
  contentKey?: string
  /** The level what the file was seen doing asks for (the runtime guard). */
  observedLevel?: DbLevel
  /** What it was seen doing, counted by kind (`read`, `write`, `ddl`, …). */
  observedCounts?: Record<string, number>
  /** False when part of what it did could not be seen (a refused statement cut it short, a client dbsafe cannot see). */
  observedComplete?: boolean
  /** Present when what it did needs a higher level than it ran at: evidence, fix, rerun. */
  misclassified?: DbsafeMisclassification
  /** Present when it failed for what a file beside it did, and ran again. */
  interference?: DbsafeInterference
  /** Why its failed tests failed (first error of each, at most 10 per file), when any failed. */
  failures?: HistoryFailure[]
  tests: HistoryTest[]
}

/** Which part of a sharded run a record holds. */
export interface HistoryShard {
  /** 1-based shard index. */
  index: number
  /** Number of shards. */
  count: number
}

/** The shard plan a sharded run followed. */
export interface HistoryPlan {
  /** Hash of the whole plan (every shard's files); equal on every shard that planned from the same snapshot. */
  hash: string
  /** Hash of the history snapshot the plan was computed from. */
  snapshot: string
  /** Number of files in the whole plan. */
  files: number
  /** Predicted milliseconds of this shard. */
  predictedMs: number
}

/** One run (or one shard of a run). */
export interface HistoryRun {
  /** The CI run id (`GITHUB_RUN_ID`, …) or a random id for local runs. */
  runId: string
  /** The CI attempt of the run (1 for the first attempt and for local runs). */
  attempt: number
  /** Set when this record holds one shard; absent for a whole run or a merged one. */
  shard?: HistoryShard
  /** Whether the record was produced by `vitest --merge-reports`. */
  merged: boolean
  /** ISO timestamp of the start of the run. */
  startedAt: string
  /** Wall-clock milliseconds of the run as this process saw it. */
  wallMs: number
  /** Milliseconds spent inside the dbsafe reporter. */
  reporterMs: number
  commit?: string
  branch?: string
  /** Whether `branch` is the default branch (`main`, `master` or `DBSAFE_DEFAULT_BRANCH`). */
  defaultBranch: boolean
  /** `github-actions`, `gitlab`, `circleci`, `buildkite`, `ci` (unknown provider) or `local`. */
  ci: string
  nodeVersion: string
  vitestVersion: string
  /** `maxWorkers` of the run. */
  workers: number
  status: 'passed' | 'failed' | 'interrupted'
  /**
   * Whether only part of the selected files' tests ran (a `-t` name filter, or an interrupted run): its file
   * costs are not used to estimate files for shard plans.
   */
  partial?: boolean
  /** The shard plan, when the dbsafe sequencer planned this run. */
  plan?: HistoryPlan
  files: HistoryFileRecord[]
}

/** A decoded history: runs sorted by start time, then by key. */
export interface History {
  schemaVersion: typeof HISTORY_SCHEMA_VERSION
  runs: HistoryRun[]
}

/** The identity of a run record: run id + attempt + shard. Merging keeps one record per key. */
export function historyRunKey(run: Pick<HistoryRun, 'runId' | 'attempt' | 'shard'>): string {
  return `${run.runId}#${run.attempt}#${run.shard ? `${run.shard.index}/${run.shard.count}` : 'all'}`
}

/** The identity of a test across runs: project, root-relative file and full name. */
export function historyTestKey(project: string, file: string, name: string): string {
  return `${project}\u0000${file}\u0000${name}`
}

/** The identity of a file across runs: project and root-relative file. */
export function historyFileKey(project: string, file: string): string {
  return project ? `${project}:${file}` : file
}

/** Milliseconds a file costs a worker: every phase Vitest measures, plus database provisioning. */
export function fileCostMs(file: HistoryFileRecord): number {
  return (
    file.environmentMs + file.prepareMs + file.collectMs + file.setupMs + file.runMs + (file.provisionMs ?? 0)
  )
}
