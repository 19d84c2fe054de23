import { DbsafeReporter } from './reporter'

export { DEFAULT_HISTORY_FILE } from '@dbsafe/core'
export { createHistoryStore } from './create-history-store'
export { estimateFileCosts } from './file-estimates'
export { FileHistoryStore, readHistoryFile, writeHistoryFile } from './file-history-store'
export { DEFAULT_FLAKY_OPTIONS, detectFlaky, type FlakyFinding, type FlakyOptions } from './flaky'
export { githubAnnotations, jobSummaryMarkdown } from './github-output'
export { historyCommand } from './history-command'
export type { HistoryStore } from './history-store'
export { renderHtmlReport } from './html-report'
export { type LogicalRun, logicalRuns } from './logical-runs'
export { mergeHistories } from './merge-history'
export type { DbsafeReporterOptions, HistoryOptions } from './options'
export { PgHistoryStore } from './pg-history-store'
export { reportCommand } from './report-command'
export { DbsafeReporter } from './reporter'
export { compactHistory, DEFAULT_RETENTION, type RetentionOptions } from './retention'
export { DbsafeSequencer } from './sequencer'
export { longestFirst, lowerBoundMs, type PlanItem, planShards, type ShardPlan } from './shard-plan'
export {
  DEFAULT_SLOWDOWN_OPTIONS,
  detectSlowdowns,
  type SlowdownFinding,
  type SlowdownOptions,
} from './slowdowns'

export default DbsafeReporter
