import type { SchedulePreset } from './schedule-presets'

/** One preset's runs under `dbsafe bench`. */
export interface PresetTrial {
  preset: SchedulePreset
  /** Wall time of each run, in milliseconds. */
  wallMs: number[]
  /** Failed test files of each run. */
  failedFiles: number[]
}

/** What `dbsafe bench` concludes. */
export interface PresetRecommendation {
  /** The fastest preset (by median wall time) whose runs all passed; undefined when none did. */
  preset: SchedulePreset | undefined
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

/** The fastest preset with no failed file in any run; ties go to the earlier (gentler) preset. */
export function recommendPreset(trials: readonly PresetTrial[]): PresetRecommendation {
  const medianMs = new Map(trials.map((trial) => [trial.preset, median(trial.wallMs)]))
  const passing = trials.filter((trial) => trial.failedFiles.every((failed) => failed === 0))
  const best = passing.reduce<PresetTrial | undefined>(
    (winner, trial) =>
      !winner || (medianMs.get(trial.preset) as number) < (medianMs.get(winner.preset) as number)
        ? trial
        : winner,
    undefined,
  )
  return { preset: best?.preset, medianMs }
}
