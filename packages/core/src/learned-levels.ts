import type { History, HistoryFileRecord } from './history'
import { type DbLevel, isDbLevel, levelRank } from './levels'
import type { ObservedEvidence } from './observation'

/** The learned-levels file, under {@link import('./paths').DBSAFE_DIR}. */
export const LEARNED_LEVELS_FILE = 'learned-levels.json'

/** What one file was seen to need, for as long as its contents (and its imports') stay the same. */
export interface LearnedLevel {
  /** The file's content key when it was seen (see `FileAnalysis.contentKey`); a different key makes this stale. */
  contentKey: string
  /** The level it needs. */
  level: DbLevel
  /** The level it had been given when it was seen needing more. */
  ranAt: DbLevel
  /** What it was seen doing. */
  evidence: ObservedEvidence[]
  /** When it was seen (ISO), and in which run. */
  seenAt: string
  runId: string
}

/** A lower level a file could run at: what it did over its last runs never needed more. Never applied by itself. */
export interface LevelRecommendation {
  contentKey: string
  /** The level it ran at every time. */
  ranAt: DbLevel
  /** The highest level what it did asked for, over those runs. */
  level: DbLevel
  /** How many runs (passed, fully observed, same contents) agree. */
  runs: number
  /** What it did, counted by kind over those runs: the evidence. */
  counts: Record<string, number>
}

/** The learned-levels document: written by the reporter from the history, read by the analyzer and the pool. */
export interface LearnedLevels {
  format: 'dbsafe-learned-levels'
  version: 1
  /** Root-relative file → what it was seen to need. */
  files: Record<string, LearnedLevel>
  /** Root-relative file → a lower level it could run at. */
  recommendations: Record<string, LevelRecommendation>
}

/** Runs that must agree before a lower level is recommended. */
export const RECOMMEND_AFTER_RUNS = 3

/** An empty document. */
export function emptyLearnedLevels(): LearnedLevels {
  return { format: 'dbsafe-learned-levels', version: 1, files: {}, recommendations: {} }
}

/** Checks a parsed document; anything unexpected gives undefined (the file is a cache of the history). */
export function parseLearnedLevels(value: unknown): LearnedLevels | undefined {
  const doc = value as Partial<LearnedLevels> | null
  if (typeof doc !== 'object' || doc === null || doc.format !== 'dbsafe-learned-levels' || doc.version !== 1)
    return undefined
  const files: Record<string, LearnedLevel> = {}
  for (const [file, entry] of Object.entries(doc.files ?? {})) {
    if (
      typeof entry?.contentKey === 'string' &&
      isDbLevel(entry.level) &&
      isDbLevel(entry.ranAt) &&
      Array.isArray(entry.evidence)
    )
      files[file] = entry
  }
  const recommendations: Record<string, LevelRecommendation> = {}
  for (const [file, entry] of Object.entries(doc.recommendations ?? {})) {
    if (typeof entry?.contentKey === 'string' && isDbLevel(entry.level) && isDbLevel(entry.ranAt))
      recommendations[file] = entry
  }
  return { format: 'dbsafe-learned-levels', version: 1, files, recommendations }
}

/** The records of one file (any project), oldest run first. */
function recordsByFile(
  history: History,
): Map<string, { record: HistoryFileRecord; runId: string; at: string }[]> {
  const byFile = new Map<string, { record: HistoryFileRecord; runId: string; at: string }[]>()
  for (const run of history.runs) {
    for (const record of run.files) {
      if (!record.contentKey) continue
      const list = byFile.get(record.file) ?? []
      list.push({ record, runId: run.runId, at: run.startedAt })
      byFile.set(record.file, list)
    }
  }
  return byFile
}

/**
 * What the history teaches, per file, for its latest contents only (an edit of the file or of a module it imports
 * changes its content key and forgets what was learned):
 * - learned: the highest level the file was seen to need above the level it ran at;
 * - recommended: a lower level, when its last {@link RECOMMEND_AFTER_RUNS} runs at one level all passed, were
 *   fully observed, and never needed as much. Never applied automatically.
 */
export function learnFromHistory(history: History): LearnedLevels {
  const learned = emptyLearnedLevels()
  for (const [file, records] of recordsByFile(history)) {
    const latestKey = records.at(-1)?.record.contentKey
    const current = records.filter((entry) => entry.record.contentKey === latestKey)
    for (const { record, runId, at } of current) {
      const finding = record.misclassified
      // An annotation or a config glob is obeyed: a file that breaks its own override is reported, never relearned.
      if (!finding || !latestKey || finding.source === 'annotation' || finding.source === 'config') continue
      const known = learned.files[file]
      if (known && levelRank(known.level) >= levelRank(finding.needs)) continue
      learned.files[file] = {
        contentKey: latestKey,
        level: finding.needs,
        ranAt: finding.ranAt,
        evidence: finding.evidence,
        seenAt: at,
        runId,
      }
    }
    if (learned.files[file] || !latestKey) continue
    const recommendation = recommendationOf(current.map((entry) => entry.record).slice(-RECOMMEND_AFTER_RUNS))
    if (recommendation) learned.recommendations[file] = { contentKey: latestKey, ...recommendation }
  }
  return learned
}

function recommendationOf(
  records: readonly HistoryFileRecord[],
): Omit<LevelRecommendation, 'contentKey'> | undefined {
  const ranAt = records[0]?.level
  if (records.length < RECOMMEND_AFTER_RUNS || !ranAt) return undefined
  const counts: Record<string, number> = {}
  let level: DbLevel = 'none'
  for (const record of records) {
    const observed = record.observedLevel
    if (record.level !== ranAt || record.state !== 'passed' || !observed || record.observedComplete !== true)
      return undefined
    if (record.tests.every((test) => test.state !== 'passed')) return undefined
    if (levelRank(observed) > levelRank(level)) level = observed
    for (const [kind, count] of Object.entries(record.observedCounts ?? {}))
      counts[kind] = (counts[kind] ?? 0) + count
  }
  return levelRank(level) < levelRank(ranAt) ? { ranAt, level, runs: records.length, counts } : undefined
}
