import { performance } from 'node:perf_hooks'
import type pg from 'pg'
import { type CloneStrategy, median, supportedCloneStrategies } from './clone-strategy'
import { cloneDatabase, dropDatabase } from './database-copies'

/** A strategy whose median is this many times the fastest one's is not sampled again. */
const SKIP_FACTOR = 4

/** The winner and the measured medians. */
export interface CloneCalibration {
  strategy: CloneStrategy
  cloneMs: Partial<Record<CloneStrategy, number>>
}

/** Options of {@link calibrateCloneStrategy}. */
export interface CalibrationOptions {
  template: string
  versionNum: number
  /** Name for each scratch clone (unique, carrying the run's prefix). */
  scratchName: () => string
  /** Marker comment of the scratch clones, so a crash mid-calibration leaves nothing the reaper cannot prove. */
  scratchComment: string
  /** Timed clones per strategy, after one untimed warm-up. Default: 3. */
  samples?: number
}

/**
 * Times every clone strategy the server supports against this template and returns the fastest median.
 * Which one wins depends on the storage (FILE_COPY forces a checkpoint: 2.4× slower on a disk, 2× faster on
 * tmpfs in our measurements), so it is measured, not guessed. One untimed clone warms the template's pages,
 * then the strategies take turns, so a change in load affects them alike. A strategy whose median is
 * {@link SKIP_FACTOR}× the fastest is not sampled again; one that errors (reflinks unsupported) is skipped.
 */
export async function calibrateCloneStrategy(
  client: pg.ClientBase,
  options: CalibrationOptions,
): Promise<CloneCalibration> {
  const candidates = supportedCloneStrategies(options.versionNum)
  if (candidates.length === 1) return { strategy: candidates[0]!, cloneMs: {} }
  const samples = new Map<CloneStrategy, number[]>()
  const active = new Set(candidates)
  await timedClone(client, options, candidates[0]!)
  for (let turn = 0; turn < (options.samples ?? 3); turn++) {
    for (const strategy of [...active]) {
      try {
        const elapsed = await timedClone(client, options, strategy)
        samples.set(strategy, [...(samples.get(strategy) ?? []), elapsed])
      } catch {
        active.delete(strategy)
        samples.delete(strategy)
      }
    }
    const fastest = Math.min(...[...samples.values()].map(median))
    for (const strategy of active)
      if (median(samples.get(strategy)!) > SKIP_FACTOR * fastest) active.delete(strategy)
  }
  if (options.versionNum >= 180000) await client.query('RESET file_copy_method').catch(() => {})
  const cloneMs = Object.fromEntries(
    [...samples].map(([strategy, times]) => [strategy, round(median(times))]),
  )
  const ranked = Object.entries(cloneMs).sort((a, b) => a[1] - b[1])
  return { strategy: (ranked[0]?.[0] as CloneStrategy | undefined) ?? candidates[0]!, cloneMs }
}

/** Clones a scratch copy, drops it, and returns how long the clone took. */
async function timedClone(
  client: pg.ClientBase,
  options: CalibrationOptions,
  strategy: CloneStrategy,
): Promise<number> {
  const name = options.scratchName()
  const started = performance.now()
  try {
    await cloneDatabase(client, name, { ...options, strategy }, options.scratchComment)
    return performance.now() - started
  } finally {
    await dropDatabase(client, name)
  }
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10
}
