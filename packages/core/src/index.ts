export { type ColorSetting, colorEnabled } from './color-enabled'
export { type Command, type CommandContext, parseCommandArgs } from './command'
export {
  CONNECTION_META_KEY,
  type ConnectionFileMetrics,
  type ConnectionLeak,
  type ConnectionUsage,
  emptyConnectionUsage,
  type LateQuery,
  type StatementCost,
} from './connection-metrics'
export type { OptionsOwner } from './describe-option-issue'
export { closestName, didYouMean } from './did-you-mean'
export {
  DbsafeError,
  type DbsafeErrorCode,
  type DbsafeErrorOptions,
  ERROR_CODES,
  isDbsafeError,
} from './errors'
export { type DbsafeFileMeta, type DbsafeRoutingCheck, FILE_META_KEY } from './file-meta'
export {
  fileCostMs,
  HISTORY_SCHEMA_VERSION,
  type History,
  type HistoryFailure,
  type HistoryFileRecord,
  type HistoryPlan,
  type HistoryRun,
  type HistoryShard,
  type HistoryState,
  type HistoryTest,
  historyFileKey,
  historyRunKey,
  historyTestKey,
} from './history'
export {
  type EncodedFile,
  type EncodedRun,
  type EncodedTest,
  emptyHistory,
  encodeHistory,
  type HistoryDocument,
  parseHistory,
} from './history-codec'
export { historyJsonSchema } from './history-schema'
export { parseHistoryText } from './history-text'
export { DEFAULT_ISOLATION, ISOLATIONS, type Isolation, isIsolation } from './isolation'
export {
  emptyLearnedLevels,
  LEARNED_LEVELS_FILE,
  type LearnedLevel,
  type LearnedLevels,
  type LevelRecommendation,
  learnFromHistory,
  parseLearnedLevels,
  RECOMMEND_AFTER_RUNS,
} from './learned-levels'
export { learnedLevelsPath, readLearnedLevels, writeLearnedLevels } from './learned-levels-file'
export { compareLevels, DB_LEVELS, type DbLevel, isDbLevel, levelRank, maxLevel } from './levels'
export {
  type AnalysisManifest,
  analysisManifestJsonSchema,
  decidingReason,
  EVIDENCE_KINDS,
  type EvidenceKind,
  type FileAnalysis,
  formatReasonLocation,
  type LevelSource,
  MANIFEST_SCHEMA_VERSION,
  parseAnalysisManifest,
  type Reason,
} from './manifest'
export {
  addEvidence,
  type DbsafeInterference,
  type DbsafeMisclassification,
  type DbsafeObservation,
  EFFECT_KINDS,
  EFFECT_LEVEL,
  type EffectKind,
  emptyObservation,
  isCompleteObservation,
  isObservation,
  keepsEvidence,
  MAX_EVIDENCE,
  mergeObservations,
  type ObservationSource,
  type ObservedEvidence,
} from './observation'
export { type OptionSpec, optionSpec } from './option-spec'
export { DBSAFE_DIR, DEFAULT_HISTORY_FILE, historySnapshotFile, toRootRelative } from './paths'
export {
  HISTORY_SOURCE_KEY,
  type HistorySource,
  historySourceOf,
  type PlanningHistory,
  readPlanningHistory,
} from './planning-history'
export { databaseNameOf, redactConnectionString, withDatabase } from './redact'
export {
  type PhaseSpan,
  RUN_PHASES,
  RUN_TIMINGS_KEY,
  type RunIdle,
  type RunPhase,
  type RunTimingsChannel,
  type RunTimingsSnapshot,
  runTimingsOf,
} from './run-timings'
export { shortHash } from './short-hash'
export { validateOptions } from './validate-options'
