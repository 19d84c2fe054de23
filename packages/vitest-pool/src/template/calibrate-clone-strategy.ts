import { performance } from 'node:perf_hooks'
import type pg from 'pg'
import { type CloneStrategy, median, supportedCloneStrategies } from './clone-strategy'
import { cloneDatabase, dropDatabase } from './database-copies'

/** A strategy whose first clone is this many times slower than the best median so far is not sampled further. */
const SKIP_FACTOR = 4

function best(cloneMs: Partial<Record<CloneStrategy, number>>): number {
  return Math.min(...Object.values(cloneMs))
}

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
 * tmpfs in our measurements), so it is measured, not guessed. A strategy that errors (reflinks unsupported)
 * is skipped.
 */
export async function calibrateCloneStrategy(
  client: pg.ClientBase,
  options: CalibrationOptions,
): Promise<CloneCalibration> {
  const candidates = supportedCloneStrategies(options.versionNum)
  const cloneMs: Partial<Record<CloneStrategy, number>> = {}
  if (candidates.length === 1) return { strategy: candidates[0]!, cloneMs }
  for (const strategy of candidates) {
    try {
      const warmUpMs = await timedClone(client, options, strategy)
      if (warmUpMs > SKIP_FACTOR * best(cloneMs)) {
        cloneMs[strategy] = round(warmUpMs)
        continue
      }
      const timings: number[] = []
      for (let sample = 0; sample < (options.samples ?? 3); sample++) {
        timings.push(await timedClone(client, options, strategy))
      }
      cloneMs[strategy] = round(median(timings))
    } catch {
      // Not available on this server or file system.
    }
  }
  if (options.versionNum >= 180000) await client.query('RESET file_copy_method').catch(() => {})
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
