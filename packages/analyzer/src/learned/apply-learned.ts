import {
  type FileAnalysis,
  type LearnedLevels,
  levelRank,
  type ObservedEvidence,
  type Reason,
} from '@dbsafe/core'

/** `path:line:column` at the start of an evidence site (`tests/a.test.ts:12:5 (from …)`). */
const SITE = /^(.+?):(\d+):(\d+)/

/** A learned piece of evidence as a reason of the analysis: where it was seen, or the test file itself. */
function reasonOf(evidence: ObservedEvidence, file: string, seenAt: string): Reason {
  const site = evidence.at ? SITE.exec(evidence.at) : null
  const day = seenAt.slice(0, 10)
  return {
    level: evidence.level,
    kind: 'observed',
    file: site?.[1] ?? file,
    line: site ? Number(site[2]) : 1,
    column: site ? Number(site[3]) : 1,
    text: `seen at run time (${day}): ${evidence.text}${evidence.at ? '' : ' — no call site in the project'}`,
  }
}

/**
 * The analysis with what an earlier run learned about the file: when the file was seen needing more than analysis
 * gives it, and its contents and its imports' are still the same (`contentKey`), it gets that level with source
 * `learned` and the observed evidence first. An annotation or a config glob is obeyed as it is, and a learned level
 * never lowers one (lowering is only ever recommended).
 */
export function applyLearned(analysis: FileAnalysis, learned: LearnedLevels): FileAnalysis {
  const entry = learned.files[analysis.file]
  if (!entry || !analysis.contentKey || entry.contentKey !== analysis.contentKey) return analysis
  if (
    analysis.source === 'annotation' ||
    analysis.source === 'config' ||
    analysis.invalidAnnotation !== undefined
  )
    return analysis
  if (levelRank(entry.level) <= levelRank(analysis.level)) return analysis
  const observed = entry.evidence
    .filter((evidence) => evidence.level === entry.level)
    .map((evidence) => reasonOf(evidence, analysis.file, entry.seenAt))
  const reasons: Reason[] = observed.length
    ? observed
    : [
        {
          level: entry.level,
          kind: 'observed',
          file: analysis.file,
          line: 1,
          column: 1,
          text: `seen at run time (${entry.seenAt.slice(0, 10)}) needing ${entry.level}`,
        },
      ]
  return { ...analysis, level: entry.level, source: 'learned', reasons: [...reasons, ...analysis.reasons] }
}
