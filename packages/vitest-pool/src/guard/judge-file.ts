import {
  addEvidence,
  type DbLevel,
  type DbsafeMisclassification,
  type DbsafeObservation,
  EFFECT_LEVEL,
  type LevelSource,
  levelRank,
  maxLevel,
} from '@dbsafe/core'
import type { ErrorEvidence } from './error-evidence'

/** What the guard knows of one finished attempt of a file. */
export interface FileFacts {
  /** Root-relative path. */
  file: string
  /** The level the attempt ran at. */
  ranAt: DbLevel
  /** Where the file's level came from. */
  source: LevelSource
  /** What its node-postgres clients did (the worker's observation), if it sent one. */
  observed: DbsafeObservation | undefined
  /** What its errors show. */
  errors: ErrorEvidence
  /** Client packages it reaches whose statements the worker cannot see. */
  unseen: readonly string[]
  /** A file's share of the server's connections (the pool's `connectionsPerFile`). */
  connectionsPerFile: number
}

/**
 * Everything seen of one attempt as one observation: the worker's, the evidence in its errors, and the most
 * connections it held at once when that is more than a file's share (`sequential`: it would starve the files
 * running beside it).
 */
export function observationOf(facts: FileFacts): DbsafeObservation {
  const observation: DbsafeObservation = facts.observed
    ? structuredClone(facts.observed)
    : { level: 'none', evidence: [], counts: {} }
  for (const evidence of facts.errors.evidence) addEvidence(observation, evidence)
  if (facts.errors.cutShort) observation.cutShort = true
  const held = observation.maxConnections ?? 0
  if (held > facts.connectionsPerFile) {
    observation.counts.connections = held
    addEvidence(observation, {
      level: EFFECT_LEVEL.connections,
      kind: 'connections',
      text: `held ${held} connections at once; a file's share of the server is ${facts.connectionsPerFile} (connectionsPerFile)`,
      source: 'client',
    })
  }
  if (facts.unseen.length > 0) observation.unseen = [...facts.unseen].sort()
  return observation
}

/** The one-line fix for a file that needs `needs`, by where its level came from. */
export function fixFor(file: string, ranAt: DbLevel, needs: DbLevel, source: LevelSource): string {
  if (source === 'annotation')
    return `change \`// @db-level ${ranAt}\` to \`// @db-level ${needs}\` in ${file}`
  if (source === 'config') return `map it to '${needs}' in the levels option (a glob there gives it ${ranAt})`
  return `put \`// @db-level ${needs}\` before the first test of ${file}, or levels: { '${file}': '${needs}' }`
}

/** The misclassification of an attempt, when what it did needs more than the level it ran at. */
export function misclassificationOf(
  facts: Pick<FileFacts, 'file' | 'ranAt' | 'source'>,
  observation: DbsafeObservation,
): DbsafeMisclassification | undefined {
  if (levelRank(observation.level) <= levelRank(facts.ranAt)) return undefined
  return {
    ranAt: facts.ranAt,
    needs: observation.level,
    source: facts.source,
    evidence: observation.evidence,
    fix: fixFor(facts.file, facts.ranAt, observation.level, facts.source),
  }
}

/**
 * The level to run a misclassified file again at: what it was seen to need — or, when its level refused what it
 * tried (a write in a read-only session, a connection at `none`), at least the fallback level: what it would have
 * done after the refusal is unknown, the same as evidence the analyzer cannot read.
 */
export function rerunLevelOf(observation: DbsafeObservation, fallbackLevel: DbLevel): DbLevel {
  return observation.cutShort ? maxLevel([observation.level, fallbackLevel]) : observation.level
}
