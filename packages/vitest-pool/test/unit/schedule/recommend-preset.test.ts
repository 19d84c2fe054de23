import { describe, expect, test } from 'vitest'
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
