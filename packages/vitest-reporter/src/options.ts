import type { FlakyOptions } from './flaky'
import type { RetentionOptions } from './retention'
import type { SlowdownOptions } from './slowdowns'

/** Where history is kept. */
export interface HistoryOptions extends RetentionOptions {
  /** History file, relative to the Vitest root. @default '.vitest/dbsafe/history.json' */
  file?: string
  /**
   * A PostgreSQL URL: keep history in a table there instead of the file, to share it across CI runs.
   * The table is created on demand. @default undefined (the file store)
   */
  url?: string
  /** The table for `url`. @default 'dbsafe_history' */
  table?: string
}

/** Options of {@link import('./reporter').DbsafeReporter}. */
export interface DbsafeReporterOptions {
  /** Where and how much history to keep. @default { file: '.vitest/dbsafe/history.json', maxRuns: 100, maxAgeDays: 90 } */
  history?: HistoryOptions
  /** Flaky-test detection thresholds. @default see {@link FlakyOptions} */
  flaky?: FlakyOptions
  /** Slowdown detection thresholds. @default see {@link SlowdownOptions} */
  slowdowns?: SlowdownOptions
  /** Rows in the slowest-files and slowest-tests lists. @default 5 */
  topCount?: number
  /** Print the terminal summary. @default true */
  summary?: boolean
  /** Write the HTML report to `.vitest/dbsafe/report.html`. @default true */
  html?: boolean
  /**
   * In GitHub Actions (`GITHUB_ACTIONS=true`): append a job summary to `GITHUB_STEP_SUMMARY` and print up to
   * `maxAnnotations` `::warning` annotations, most important first. @default true
   */
  github?: boolean
  /** Most annotations per run (GitHub shows 10 warnings per step). @default 10 */
  maxAnnotations?: number
  /** Environment variables to read CI metadata from. @default process.env */
  env?: Record<string, string | undefined>
}

/** Folder of per-shard records, relative to the Vitest root. */
export const SHARDS_DIR = '.vitest/dbsafe/shards'
/** The HTML report, relative to the Vitest root. */
export const HTML_REPORT_FILE = '.vitest/dbsafe/report.html'
