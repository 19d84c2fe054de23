import {
  compareLevels,
  type DbLevel,
  type FileAnalysis,
  isDbLevel,
  type LevelSource,
  maxLevel,
  type Reason,
} from '@dbsafe/core'
import type { ModuleFacts } from '../scan/module-facts'
import { annotationProblem } from './annotation-problem'
import type { FileEvidence } from './file-evidence'

/** What decides a file's level besides its evidence. */
export interface LevelInputs {
  /** Root-relative path of the test file. */
  file: string
  facts: ModuleFacts | undefined
  evidence: FileEvidence
  /** The config glob that matched the file and its level, if any. */
  configured?: { glob: string; level: DbLevel }
  fallbackLevel: DbLevel
}

/** At equal level: overrides first, then what the code does, then the client that makes it possible. */
const KIND_ORDER: Readonly<Record<Reason['kind'], number>> = {
  annotation: 0,
  config: 0,
  error: 0,
  observed: 0,
  sql: 1,
  orm: 1,
  hook: 1,
  uncertain: 1,
  client: 2,
}

/** Strongest first; among equals, evidence nearest the test file (its own code first), then a stable order. */
function compareReasons(a: Reason, b: Reason): number {
  return (
    compareLevels(b.level, a.level) ||
    KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
    (a.via?.length ?? 0) - (b.via?.length ?? 0) ||
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.line - b.line ||
    a.column - b.column ||
    (a.text < b.text ? -1 : a.text > b.text ? 1 : 0)
  )
}

/** Sorted, without duplicates: the deciding reason first. */
function orderReasons(reasons: Reason[], deciding?: Reason): Reason[] {
  const unique = new Map<string, Reason>()
  for (const reason of reasons)
    unique.set(`${reason.file}:${reason.line}:${reason.column}:${reason.level}:${reason.text}`, reason)
  const sorted = [...unique.values()].sort(compareReasons)
  return deciding ? [deciding, ...sorted.filter((reason) => reason !== deciding)] : sorted
}

/** The level of a test file from its evidence, its annotation and the config globs, with the reasons in order. */
export function decideLevel(inputs: LevelInputs): FileAnalysis {
  const { file, facts, evidence, fallbackLevel } = inputs
  let reasons = evidence.reasons
  const base = { file, clients: evidence.clients }
  /** A file dbsafe could not judge: the fallback level, with the error as its deciding reason. */
  const fallback = (error: string, line: number, column: number): FileAnalysis => {
    const reason: Reason = { level: fallbackLevel, kind: 'error', file, line, column, text: error }
    return {
      ...base,
      level: fallbackLevel,
      source: 'fallback',
      uncertain: true,
      reasons: orderReasons([reason, ...reasons], reason),
      error,
    }
  }
  if (!facts) return fallback('the file cannot be read', 1, 1)
  if (facts.parseError) {
    const [line, column] = facts.parseError.split(' ')[0]!.split(':').map(Number)
    return fallback(`the file does not parse: ${facts.parseError}`, line || 1, column || 1)
  }
  if (evidence.clients.length === 0 && evidence.mocksApplied.length > 0) {
    const mock = evidence.mocksApplied[0]!
    const reason: Reason = {
      level: 'none',
      kind: 'client',
      file: mock.file,
      line: mock.line,
      column: mock.column,
      text: `vi.mock('${mock.specifier}') replaces the database client; no unmocked client is left`,
    }
    reasons = reasons.map((evidenceReason) => ({
      ...evidenceReason,
      text: `${evidenceReason.text} (reaches only a mock)`,
      level: 'none' as DbLevel,
    }))
    return {
      ...base,
      level: 'none',
      source: 'analysis',
      uncertain: false,
      reasons: orderReasons([reason, ...reasons], reason),
    }
  }
  const analysed = maxLevel(reasons.map((reason) => reason.level))
  const annotation = facts.annotation
  if (annotation) {
    if (!isDbLevel(annotation.name)) {
      const analysis = fallback(annotationProblem(annotation.name), annotation.line, annotation.column)
      return { ...analysis, invalidAnnotation: annotation.name }
    }
    const reason: Reason = {
      level: annotation.name,
      kind: 'annotation',
      file,
      line: annotation.line,
      column: annotation.column,
      text: `// @db-level ${annotation.name} (analysis alone says ${analysed})`,
    }
    return {
      ...base,
      level: annotation.name,
      source: 'annotation',
      uncertain: false,
      reasons: orderReasons([reason, ...reasons], reason),
    }
  }
  if (inputs.configured) {
    const { glob, level } = inputs.configured
    const reason: Reason = {
      level,
      kind: 'config',
      file,
      line: 1,
      column: 1,
      text: `config glob "${glob}" sets ${level} (analysis alone says ${analysed})`,
    }
    return {
      ...base,
      level,
      source: 'config',
      uncertain: false,
      reasons: orderReasons([reason, ...reasons], reason),
    }
  }
  // A file whose clients are all of other engines: the first of them says why its statements do not count.
  const ordered = orderReasons(reasons, analysed === 'none' ? evidence.otherEngine : undefined)
  const deciding = ordered[0]
  const uncertain = deciding?.kind === 'uncertain'
  const source: LevelSource = uncertain ? 'fallback' : 'analysis'
  return { ...base, level: analysed, source, uncertain, reasons: ordered }
}
