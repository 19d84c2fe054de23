import {
  type DbLevel,
  type DbsafeFileMeta,
  type DbsafeInterference,
  type DbsafeMisclassification,
  type DbsafeObservation,
  type LevelSource,
  levelRank,
  maxLevel,
  mergeObservations,
} from '@dbsafe/core'
import { errorEvidence, interferenceOf, type TaskError } from './error-evidence'
import { fixFor, misclassificationOf, observationOf, rerunLevelOf } from './judge-file'

/** What the guard reads of a file task (Vitest's `RunnerTestFile` fits). */
export interface GuardedTask {
  meta: object
  result?: { state?: string; errors?: readonly TaskError[] } | undefined
  tasks?: readonly GuardedTask[]
}

/** What the runtime guard does about misclassified files (the pool's `guard` option). */
export type GuardMode = 'rerun' | 'report' | 'off'

/** One finished attempt of a file, and what the guard knows around it. */
export interface AttemptInput {
  /** The file task, in its final state. */
  task: GuardedTask | undefined
  /** Root-relative path, and the project root. */
  file: string
  root: string
  /** The level the attempt ran at, and where the file's level came from. */
  ranAt: DbLevel
  source: LevelSource
  /** The worker's observation of the attempt, if it sent one. */
  observed: DbsafeObservation | undefined
  /** Client packages the file reaches whose statements the worker cannot see. */
  unseen: readonly string[]
  connectionsPerFile: number
  fallbackLevel: DbLevel
  mode: GuardMode
  /** Set for a rerun: the first attempt's finding (or what interfered with it) and observation. */
  rerunOf?: { misclassified?: DbsafeMisclassification; interference?: string; observation: DbsafeObservation }
}

/** The guard's verdict on an attempt: what it did, whether that was too much, and the level to rerun at. */
export interface AttemptVerdict {
  observation: DbsafeObservation
  misclassified?: DbsafeMisclassification
  /** What a file beside it did to it (the first attempt: without `rerun`). */
  interference?: DbsafeInterference | { cause: string }
  /** Set when the file should run again, at this level. */
  rerunAt?: DbLevel
}

/** Every error of a task tree: the file's, its suites' and hooks', its tests'. */
function errorsOf(task: GuardedTask | undefined): TaskError[] {
  if (!task) return []
  return [...(task.result?.errors ?? []), ...(task.tasks ?? []).flatMap(errorsOf)]
}

/**
 * Judges one finished attempt. A first attempt whose observation needs more than its level is misclassified; it
 * gets a rerun when it failed (a passing file's result stands), the guard reruns, and its level was not set by an
 * annotation or config glob (those are obeyed: reported only). A rerun's verdict keeps the first finding, with what
 * the rerun needed on top and how it ended. A file that did no more than its level but failed because a file
 * beside it starved the server of connections or ended its session is rerun at its own level, once.
 */
export function judgeAttempt(input: AttemptInput): AttemptVerdict {
  const seen = observationOf({
    file: input.file,
    ranAt: input.ranAt,
    source: input.source,
    observed: input.observed,
    errors: errorEvidence(errorsOf(input.task), input.root),
    unseen: input.unseen,
    connectionsPerFile: input.connectionsPerFile,
  })
  const state = input.task?.result?.state === 'pass' ? 'passed' : 'failed'
  const first = input.rerunOf
  if (first?.interference) {
    const misclassified = misclassificationOf(input, seen)
    return {
      observation: seen,
      interference: { cause: first.interference, rerun: { level: input.ranAt, state } },
      ...(misclassified ? { misclassified } : {}),
    }
  }
  if (first?.misclassified) {
    const observation = mergeObservations(first.observation, seen)
    const needs = maxLevel([first.misclassified.needs, seen.level])
    const { ranAt, source } = first.misclassified
    return {
      observation,
      misclassified: {
        ...first.misclassified,
        needs,
        evidence: observation.evidence.filter((evidence) => levelRank(evidence.level) > levelRank(ranAt)),
        fix: fixFor(input.file, ranAt, needs, source),
        rerun: { level: input.ranAt, state },
      },
    }
  }
  const misclassified = misclassificationOf(input, seen)
  const interference = state === 'failed' && !misclassified ? interferenceOf(errorsOf(input.task)) : undefined
  if (interference && input.mode === 'rerun')
    return { observation: seen, interference: { cause: interference }, rerunAt: input.ranAt }
  const reruns =
    misclassified &&
    state === 'failed' &&
    input.mode === 'rerun' &&
    input.source !== 'annotation' &&
    input.source !== 'config'
  return {
    observation: seen,
    ...(misclassified ? { misclassified } : {}),
    ...(reruns ? { rerunAt: rerunLevelOf(seen, input.fallbackLevel) } : {}),
  }
}

/** Writes a verdict into the task's `meta.dbsafe` (what every reporter and `--merge-reports` see). */
export function recordVerdict(task: GuardedTask | undefined, verdict: AttemptVerdict): void {
  const meta = (task?.meta as { dbsafe?: DbsafeFileMeta } | undefined)?.dbsafe
  if (!meta) return
  meta.observed = verdict.observation
  if (verdict.misclassified) meta.misclassified = verdict.misclassified
  if (verdict.interference && 'rerun' in verdict.interference) meta.interference = verdict.interference
}
