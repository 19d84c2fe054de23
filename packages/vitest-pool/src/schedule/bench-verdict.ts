import type { PresetRecommendation, PresetTrial } from './recommend-preset'

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`

function range(trial: PresetTrial | undefined): string {
  if (!trial) return ''
  const min = Math.min(...trial.wallMs)
  const max = Math.max(...trial.wallMs)
  return min === max ? seconds(min) : `${seconds(min)}–${seconds(max)}`
}

/**
 * What `dbsafe bench` prints after its runs: each preset's median against the fastest, then the
 * recommendation with as much confidence as the runs allow. One run per preset, or runs that overlap
 * with the runner-up's, are said to be no proof.
 */
export function benchVerdict(recommendation: PresetRecommendation, trials: readonly PresetTrial[]): string {
  const { preset, runnerUp, confidence, medianMs } = recommendation
  if (!preset)
    return '\nEvery preset had failed files: fix the failures (or their levels) first, then bench again.\n'
  const baseline = medianMs.get(preset) as number
  const lines = ['']
  for (const [name, ms] of medianMs)
    lines.push(`${name.padEnd(13)} median ${seconds(ms)}  ×${(ms / baseline).toFixed(2)}`)
  const config = `dbsafe({ preset: '${preset}' })`
  const trialOf = (name: string | undefined) => trials.find((trial) => trial.preset === name)
  const ratio = runnerUp ? `×${((medianMs.get(runnerUp) as number) / baseline).toFixed(2)}` : ''
  lines.push('')
  switch (confidence) {
    case 'only-passing':
      lines.push(`Recommended: ${config} (the only preset whose runs all passed)`)
      break
    case 'clear':
      lines.push(
        `Recommended: ${config}: every run (${range(trialOf(preset))}) was faster than every run of ${runnerUp} (${range(trialOf(runnerUp))}).`,
      )
      break
    case 'within-noise':
      lines.push(
        `No clear winner: ${preset} (${range(trialOf(preset))}) and ${runnerUp} (${range(trialOf(runnerUp))}) overlap, so the ${ratio} between their medians may be noise.`,
        `Keep your preset, or run \`dbsafe bench --runs 5\` on a quiet machine; the fastest by median was ${config}.`,
      )
      break
    default:
      lines.push(
        `Tentative: ${config} was fastest, ${ratio} ahead of ${runnerUp}, in one run each: run-to-run noise is not measured.`,
        'Run `dbsafe bench --runs 3` (or more) before changing your preset.',
      )
  }
  return `${lines.join('\n')}\n`
}
