import { describe, expect, test } from 'vitest'
import { connectionBudget, presetLimits, SCHEDULE_PRESETS } from '../../../src/schedule/schedule-presets'

const GiB = 1024 ** 3

describe('presetLimits', () => {
  test('every preset runs at least one worker and grows with the machine', () => {
    for (const preset of SCHEDULE_PRESETS) {
      const small = presetLimits(preset, { cpus: 1, totalMemoryBytes: GiB })
      const large = presetLimits(preset, { cpus: 16, totalMemoryBytes: 64 * GiB })
      expect(small.maxWorkers).toBeGreaterThanOrEqual(1)
      expect(large.maxWorkers).toBeGreaterThan(small.maxWorkers)
    }
  })

  test('presets are ordered from conservative to aggressive', () => {
    const machine = { cpus: 8, totalMemoryBytes: 32 * GiB }
    const workers = (['conservative', 'balanced', 'aggressive'] as const).map(
      (p) => presetLimits(p, machine).maxWorkers,
    )
    expect(workers).toEqual([4, 8, 16])
  })

  test('no preset caps a level: every level but sequential has a database of its own', () => {
    for (const preset of SCHEDULE_PRESETS) {
      expect(Object.keys(presetLimits(preset, { cpus: 2, totalMemoryBytes: 8 * GiB }))).toEqual([
        'maxWorkers',
      ])
    }
  })

  test('adaptive is bounded by memory', () => {
    expect(presetLimits('adaptive', { cpus: 32, totalMemoryBytes: 4 * GiB }).maxWorkers).toBe(8)
  })

  test('an unknown preset is a config error', () => {
    expect(() => presetLimits('fast' as never, { cpus: 2, totalMemoryBytes: GiB })).toThrow(
      expect.objectContaining({ code: 'DBSAFE_CONFIG_INVALID' }),
    )
  })
})

describe('connectionBudget', () => {
  test('is 80% of the usable connections minus dbsafe’s own', () => {
    expect(connectionBudget(100, 4)).toBe(76)
    expect(connectionBudget(2, 4)).toBe(1)
  })
})
