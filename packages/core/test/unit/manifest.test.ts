import { describe, expect, it } from 'vitest'
import { type AnalysisManifest, decidingReason, isDbsafeError, parseAnalysisManifest } from '../../src/index'

const manifest: AnalysisManifest = {
  schemaVersion: 1,
  fallbackLevel: 'shared-writes',
  files: [
    {
      file: 'test/orders.test.ts',
      level: 'shared-writes',
      source: 'analysis',
      uncertain: false,
      clients: ['pg'],
      reasons: [
        {
          level: 'read-only',
          kind: 'sql',
          file: 'test/orders.test.ts',
          line: 4,
          column: 3,
          text: 'SELECT FROM orders',
        },
        {
          level: 'shared-writes',
          kind: 'hook',
          file: 'test/helpers/db.ts',
          line: 12,
          column: 5,
          text: 'TRUNCATE orders (committed in afterEach)',
          via: ['test/orders.test.ts', 'test/helpers/db.ts'],
        },
      ],
    },
  ],
}

describe('analysis manifest', () => {
  it('accepts a valid manifest and finds the deciding reason', () => {
    const parsed = parseAnalysisManifest(JSON.parse(JSON.stringify(manifest)))
    expect(decidingReason(parsed.files[0]!)?.text).toBe('TRUNCATE orders (committed in afterEach)')
  })

  it('names the first problem and its path', () => {
    const broken = { ...manifest, files: [{ ...manifest.files[0], level: 'writes' }] }
    expect(() => parseAnalysisManifest(broken, 'levels.json')).toThrowError(
      'levels.json is not a valid dbsafe manifest: files[0].level is not a level name.',
    )
  })

  it('refuses a manifest from a newer dbsafe with its own code', () => {
    try {
      parseAnalysisManifest({ ...manifest, schemaVersion: 9 })
      expect.unreachable()
    } catch (error) {
      expect(isDbsafeError(error, 'DBSAFE_VERSION_UNSUPPORTED')).toBe(true)
    }
  })
})
