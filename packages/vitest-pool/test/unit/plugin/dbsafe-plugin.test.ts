import { availableParallelism, totalmem } from 'node:os'
import { describe, expect, test } from 'vitest'
import { dbsafe } from '../../../src/plugin/dbsafe-plugin'
import { presetLimits } from '../../../src/schedule/schedule-presets'

type ConfigHook = (config: Record<string, unknown>, env: Record<string, unknown>) => unknown

function configOf(plugin: ReturnType<typeof dbsafe>, config: Record<string, unknown>): unknown {
  return (plugin.config as unknown as ConfigHook)(config, { command: 'serve', mode: 'test' })
}

describe('dbsafe() plugin config', () => {
  const machine = { cpus: availableParallelism(), totalMemoryBytes: totalmem() }

  test('sizes maxWorkers from the preset when the config does not set it', () => {
    expect(configOf(dbsafe({ preset: 'aggressive' }), { test: {} })).toEqual({
      test: { maxWorkers: presetLimits('aggressive', machine).maxWorkers },
    })
  })

  test('leaves a maxWorkers the user set alone', () => {
    expect(configOf(dbsafe({ preset: 'aggressive' }), { test: { maxWorkers: 3 } })).toBeUndefined()
  })

  test('an unknown preset is a config error', () => {
    expect(() => configOf(dbsafe({ preset: 'turbo' as never }), {})).toThrow(
      expect.objectContaining({ code: 'DBSAFE_CONFIG_INVALID' }),
    )
  })
})
