import { describe, expect, test } from 'vitest'
import { benchVerdict } from '../../../src/schedule/bench-verdict'
import { recommendPreset } from '../../../src/schedule/recommend-preset'

describe('recommendPreset', () => {
  test('the fastest preset by median among those without failed files', () => {
    const { preset, medianMs } = recommendPreset([
      { preset: 'conservative', wallMs: [900, 1000, 950], failedFiles: [0, 0, 0] },
      { preset: 'balanced', wallMs: [600, 700, 5000], failedFiles: [0, 0, 0] },
      { preset: 'aggressive', wallMs: [400, 400, 400], failedFiles: [0, 1, 0] },
    ])
    expect(preset).toBe('balanced')
    expect(medianMs.get('balanced')).toBe(700)
  })

  test('no recommendation when every preset failed', () => {
    expect(recommendPreset([{ preset: 'balanced', wallMs: [1], failedFiles: [2] }]).preset).toBeUndefined()
  })
})

describe('how sure the recommendation is', () => {
  const trial = (preset: 'conservative' | 'balanced' | 'aggressive', wallMs: number[], failed = 0) => ({
    preset,
    wallMs,
    failedFiles: wallMs.map(() => failed),
  })

  test('one run each: single-run, the verdict says tentative and asks for more runs', () => {
    const trials = [trial('balanced', [1000]), trial('aggressive', [950])]
    const recommendation = recommendPreset(trials)
    expect(recommendation).toMatchObject({
      preset: 'aggressive',
      runnerUp: 'balanced',
      confidence: 'single-run',
    })
    const verdict = benchVerdict(recommendation, trials)
    expect(verdict).toContain(
      "Tentative: dbsafe({ preset: 'aggressive' }) was fastest, ×1.05 ahead of balanced",
    )
    expect(verdict).toContain('dbsafe bench --runs 3')
    expect(verdict).not.toContain('Recommended')
  })

  test('overlapping runs: within-noise, no recommendation stated as a fact', () => {
    const trials = [trial('balanced', [1000, 900, 1100]), trial('aggressive', [950, 1050, 880])]
    const recommendation = recommendPreset(trials)
    expect(recommendation.confidence).toBe('within-noise')
    expect(benchVerdict(recommendation, trials)).toContain(
      'No clear winner: aggressive (0.88 s–1.05 s) and balanced (0.90 s–1.10 s) overlap',
    )
  })

  test('every run faster than every run of the runner-up: clear', () => {
    const trials = [trial('conservative', [2000, 2100, 2050]), trial('balanced', [1000, 1100, 1050])]
    const recommendation = recommendPreset(trials)
    expect(recommendation).toMatchObject({
      preset: 'balanced',
      runnerUp: 'conservative',
      confidence: 'clear',
    })
    expect(benchVerdict(recommendation, trials)).toContain(
      "Recommended: dbsafe({ preset: 'balanced' }): every run",
    )
  })

  test('the only preset whose runs all passed: only-passing, whatever the number of runs', () => {
    const trials = [trial('balanced', [1000]), trial('aggressive', [500], 1)]
    expect(recommendPreset(trials).confidence).toBe('only-passing')
  })

  test('equal medians go to the earlier, gentler preset', () => {
    expect(recommendPreset([trial('conservative', [1000]), trial('balanced', [1000])]).preset).toBe(
      'conservative',
    )
  })
})
