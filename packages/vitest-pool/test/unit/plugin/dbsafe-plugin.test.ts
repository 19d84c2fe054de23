import { availableParallelism, totalmem } from 'node:os'
import { dirname } from 'node:path'
import { describe, expect, test } from 'vitest'
import { dbsafe } from '../../../src/plugin/dbsafe-plugin'
import { SETUP_FILE } from '../../../src/pool/setup-file'
import { presetLimits } from '../../../src/schedule/schedule-presets'

type ConfigHook = (config: Record<string, unknown>, env: Record<string, unknown>) => unknown

function configOf(plugin: ReturnType<typeof dbsafe>, config: Record<string, unknown>): unknown {
  return (plugin.config as unknown as ConfigHook)(config, { command: 'serve', mode: 'test' })
}

describe('dbsafe() plugin config', () => {
  const machine = { cpus: availableParallelism(), totalMemoryBytes: totalmem() }

  const nativeSetup = { server: { deps: { external: [dirname(SETUP_FILE)] } } }

  test('sizes maxWorkers from the preset when the config does not set it', () => {
    expect(configOf(dbsafe({ preset: 'aggressive' }), { test: {} })).toEqual({
      test: { maxWorkers: presetLimits('aggressive', machine).maxWorkers, ...nativeSetup },
    })
  })

  test('leaves a maxWorkers the user set alone', () => {
    expect(configOf(dbsafe({ preset: 'aggressive' }), { test: { maxWorkers: 3 } })).toEqual({
      test: nativeSetup,
    })
  })

  test('an unknown preset is a config error', () => {
    expect(() => configOf(dbsafe({ preset: 'turbo' as never }), {})).toThrow(
      expect.objectContaining({ code: 'DBSAFE_CONFIG_INVALID' }),
    )
  })
})
