import { describe, expect, test } from 'vitest'
import { provisionerOptions, resolvePreset } from '../../../src/pool/dbsafe-options'

describe('resolvePreset', () => {
  test('the option, else DBSAFE_PRESET, else balanced', () => {
    expect(resolvePreset({ preset: 'conservative' }, { DBSAFE_PRESET: 'aggressive' })).toBe('conservative')
    expect(resolvePreset({}, { DBSAFE_PRESET: 'aggressive' })).toBe('aggressive')
    expect(resolvePreset({}, {})).toBe('balanced')
  })

  test('an unknown DBSAFE_PRESET is a config error naming the presets', () => {
    expect(() => resolvePreset({}, { DBSAFE_PRESET: 'fast' })).toThrow(
      /conservative, balanced, aggressive, adaptive/,
    )
  })
})

describe('provisionerOptions', () => {
  test('url defaults to DBSAFE_URL; without either the provisioner starts an embedded server', () => {
    expect(provisionerOptions({ url: 'postgres://a/b' }, '/r', { DBSAFE_URL: 'postgres://c/d' }).url).toBe(
      'postgres://a/b',
    )
    expect(provisionerOptions({}, '/r', { DBSAFE_URL: 'postgres://c/d' }).url).toBe('postgres://c/d')
    expect(provisionerOptions({ seed: './s.sql' }, '/r', {})).toEqual({ seed: './s.sql', root: '/r' })
  })
})
