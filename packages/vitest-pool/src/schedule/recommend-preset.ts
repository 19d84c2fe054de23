import type { SchedulePreset } from './schedule-presets'

/** One preset's runs under `dbsafe bench`. */
export interface PresetTrial {
  preset: SchedulePreset
  /** Wall time of each run, in milliseconds. */
  wallMs: number[]
  /** Failed test files of each run. */
  failedFiles: number[]
}

/**
 * How far a recommendation can be trusted:
 * - `only-passing`: every other preset had failed files;
 * - `clear`: every run of the recommended preset was faster than every run of the runner-up;
 * - `within-noise`: their runs overlap, so the difference may be run-to-run noise;
 * - `single-run`: one run of either, so the noise was not measured at all.
 */
export type RecommendationConfidence = 'only-passing' | 'clear' | 'within-noise' | 'single-run'

/** What `dbsafe bench` concludes. */
export interface PresetRecommendation {
  /** The fastest preset (by median wall time) whose runs all passed; undefined when none did. */
  preset: SchedulePreset | undefined
  /** The passing preset with the next median, when more than one passed. */
  runnerUp: SchedulePreset | undefined
  /** How far {@link preset} can be trusted over {@link runnerUp}; undefined without a recommendation. */
  confidence: RecommendationConfidence | undefined
  /** Median wall time of each preset. */
  medianMs: Map<SchedulePreset, number>
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

function confidenceOf(best: PresetTrial, runnerUp: PresetTrial | undefined): RecommendationConfidence {
  if (!runnerUp) return 'only-passing'
  if (best.wallMs.length < 2 || runnerUp.wallMs.length < 2) return 'single-run'
  return Math.max(...best.wallMs) < Math.min(...runnerUp.wallMs) ? 'clear' : 'within-noise'
}

/**
 * The fastest preset with no failed file in any run (ties go to the earlier, gentler preset), the
 * runner-up, and whether the runs tell them apart.
 */
export function recommendPreset(trials: readonly PresetTrial[]): PresetRecommendation {
  const medianMs = new Map(trials.map((trial) => [trial.preset, median(trial.wallMs)]))
  const passing = trials
    .filter((trial) => trial.failedFiles.every((failed) => failed === 0))
    .map((trial, order) => ({ trial, order, ms: medianMs.get(trial.preset) as number }))
    .sort((a, b) => a.ms - b.ms || a.order - b.order)
    .map(({ trial }) => trial)
  const [best, runnerUp] = passing
  return {
    preset: best?.preset,
    runnerUp: runnerUp?.preset,
    confidence: best ? confidenceOf(best, runnerUp) : undefined,
    medianMs,
  }
}
