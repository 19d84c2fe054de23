import { describe, expect, test } from 'vitest'
import {
  provisionerOptions,
  resolveEnvRoutes,
  resolvePoolOptions,
  resolvePreset,
} from '../../../src/pool/dbsafe-options'

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

describe('resolveEnvRoutes', () => {
  test('keeps parts and functions', () => {
    const host = () => 'h'
    expect(resolveEnvRoutes({ POSTGRES_HOST: 'host', DB: 'database', H: host })).toEqual({
      POSTGRES_HOST: 'host',
      DB: 'database',
      H: host,
    })
    expect(resolveEnvRoutes(undefined)).toEqual({})
  })

  test('a value that is not a part is a config error that does not echo it (it may be a password)', () => {
    const error = (() => {
      try {
        resolveEnvRoutes({ POSTGRES_PASSWORD: 'hunter2' as never })
      } catch (caught) {
        return caught as { code: string; message: string }
      }
    })()
    expect(error?.code).toBe('DBSAFE_CONFIG_INVALID')
    expect(error?.message).toContain('env.POSTGRES_PASSWORD')
    expect(error?.message).toContain("'url', 'host', 'port', 'user', 'password', 'database'")
    expect(error?.message).not.toContain('hunter2')
  })

  test('an invalid variable name is a config error', () => {
    expect(() => resolveEnvRoutes({ 'POSTGRES-HOST': 'host' })).toThrow(/invalid variable "POSTGRES-HOST"/)
  })

  test('resolvePoolOptions checks and keeps env', () => {
    expect(resolvePoolOptions({ env: { POSTGRES_HOST: 'host' } }).env).toEqual({ POSTGRES_HOST: 'host' })
    expect(resolvePoolOptions({}).env).toEqual({})
  })
})
