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
      test: { maxWorkers: presetLimits('aggressive', machine).maxWorkers, isolate: false },
    })
  })

  test('leaves a maxWorkers the user set alone', () => {
    expect(configOf(dbsafe({ preset: 'aggressive' }), { test: { maxWorkers: 3 } })).toEqual({
      test: { isolate: false },
    })
  })

  test('reuses workers (isolate: false in the main process) unless the config or the option decides', () => {
    const base = { test: { maxWorkers: 3 } }
    expect(configOf(dbsafe(), base)).toMatchObject({ test: { isolate: false } })
    expect(configOf(dbsafe({ reuseWorkers: false }), base)).not.toHaveProperty('test.isolate')
    expect(configOf(dbsafe(), { test: { maxWorkers: 3, isolate: true } })).not.toHaveProperty('test.isolate')
    expect(configOf(dbsafe(), { test: { maxWorkers: 3, isolate: false } })).not.toHaveProperty('test.isolate')
  })

  test('an unknown preset is a config error', () => {
    expect(() => configOf(dbsafe({ preset: 'turbo' as never }), {})).toThrow(
      expect.objectContaining({ code: 'DBSAFE_CONFIG_INVALID' }),
    )
  })
})
