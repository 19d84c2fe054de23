import type { DbsafeInterference, DbsafeMisclassification, HistoryRun, LearnedLevels } from '@dbsafe/core'
import type { Recommendation } from './recommendations'

/** A file of the run that needed a higher level than it ran at (the pool's runtime guard). */
export interface MisclassifiedFile {
  project: string
  /** Root-relative path. */
  file: string
  finding: DbsafeMisclassification
}

/** The run's misclassified files, by project and path. */
export function misclassifiedFiles(run: HistoryRun): MisclassifiedFile[] {
  return run.files
    .filter((record) => record.misclassified)
    .map((record) => ({
      project: record.project,
      file: record.file,
      finding: record.misclassified as DbsafeMisclassification,
    }))
    .sort((a, b) => a.project.localeCompare(b.project) || a.file.localeCompare(b.file))
}

/** What happened to the file: `rerun at shared-writes: passed`, or why it was not. */
export function outcomeOf(finding: DbsafeMisclassification): string {
  if (finding.rerun) return `rerun at ${finding.rerun.level}: ${finding.rerun.state}`
  if (finding.source === 'annotation' || finding.source === 'config')
    return `not rerun: its ${finding.source} is obeyed`
  return 'it passed at its level; not rerun'
}

/** One line of evidence: `INSERT INTO audit … — tests/writers/audit-writer.ts:8:18`. */
export function evidenceLine(evidence: DbsafeMisclassification['evidence'][number]): string {
  return `${evidence.text}${evidence.at ? ` — ${evidence.at}` : ''}`
}

/** The headline of a misclassified file: `ran at read-only, needs schema-changes (rerun at schema-changes: passed)`. */
export function headline(finding: DbsafeMisclassification): string {
  return `ran at ${finding.ranAt}, needs ${finding.needs} (${outcomeOf(finding)})`
}

/**
 * Lower levels the history recommends for the run's files (see `learnFromHistory`): never applied, only suggested,
 * with what the file did over those runs as the evidence.
 */
export function levelRecommendations(learned: LearnedLevels, run: HistoryRun): Recommendation[] {
  const out: Recommendation[] = []
  for (const record of run.files) {
    const recommendation = learned.recommendations[record.file]
    if (!recommendation || recommendation.contentKey !== record.contentKey) continue
    const did = Object.entries(recommendation.counts)
      .map(([kind, count]) => `${count} ${kind}`)
      .join(', ')
    out.push({
      file: record.file,
      text: `${record.file} could run at ${recommendation.level} instead of ${recommendation.ranAt}: put \`// @db-level ${recommendation.level}\` before its first test (dbsafe never lowers a level by itself)`,
      evidence: `its last ${recommendation.runs} runs passed and never needed more than ${recommendation.level}: ${did || 'nothing on its database'}`,
    })
  }
  return out
}

/** A file of the run that failed for what a file beside it did, and ran again. */
export interface InterferedFile {
  project: string
  file: string
  interference: DbsafeInterference
}

/** The run's files that a file beside them interfered with (starved of connections, session ended). */
export function interferedFiles(run: HistoryRun): InterferedFile[] {
  return run.files
    .filter((record) => record.interference)
    .map((record) => ({
      project: record.project,
      file: record.file,
      interference: record.interference as DbsafeInterference,
    }))
}

/** `rerun at shared-writes: passed — PostgreSQL refused it a connection: sorry, too many clients already`. */
export function interferenceLine({ rerun, cause }: DbsafeInterference): string {
  return `rerun at ${rerun.level}: ${rerun.state} — ${cause}`
}
