import { encodeHistory, isDbsafeError, parseHistory } from '@dbsafe/core'
import { describe, expect, test } from 'vitest'
import { drawRun, makeSuite, seeded } from '../../bench/synthetic-history'

describe('history codec', () => {
  test('round-trips tests, retries and attempts through the compact document, milliseconds to a tenth', () => {
    const random = seeded(1)
    const suite = makeSuite(random, { fileCount: 3, testsPerFile: 4 })
    const flaky = suite[0]?.tests[0]
    if (flaky) flaky.flakeRate = 0.9
    const history = {
      schemaVersion: 1 as const,
      runs: [0, 1].map((index) => drawRun(suite, { index, retries: 2, commit: 'c' }, random)),
    }
    const document = JSON.parse(JSON.stringify(encodeHistory(history)))
    expect(document.names).toHaveLength(12)
    const decoded = parseHistory(document)
    // Tests come back as they were (durations are already tenths); phases are rounded to a tenth; re-encoding is stable.
    expect(decoded.runs.map((r) => r.files.map((f) => f.tests))).toEqual(
      history.runs.map((r) => r.files.map((f) => f.tests)),
    )
    expect(decoded.runs[0]?.files[0]?.collectMs).toBe(
      Math.round((history.runs[0]?.files[0]?.collectMs ?? 0) * 10) / 10,
    )
    expect(JSON.parse(JSON.stringify(encodeHistory(decoded)))).toEqual(document)
  })

  test('a newer schema is refused with DBSAFE_VERSION_UNSUPPORTED', () => {
    const error = (() => {
      try {
        parseHistory({ format: 'dbsafe-history', schemaVersion: 2, names: [], runs: [] }, 'h.json')
      } catch (caught) {
        return caught
      }
    })()
    expect(isDbsafeError(error, 'DBSAFE_VERSION_UNSUPPORTED')).toBe(true)
    expect((error as Error).message).toMatch(/h\.json has schemaVersion 2; this dbsafe reads up to 1/)
  })

  test('a malformed test entry is DBSAFE_HISTORY_CORRUPT naming its path', () => {
    const doc = {
      format: 'dbsafe-history',
      schemaVersion: 1,
      names: ['a'],
      runs: [
        { runId: 'r', attempt: 1, startedAt: 'x', files: [{ file: 'f', runMs: 1, tests: [[5, 'p', 1, 0]] }] },
      ],
    }
    expect(() => parseHistory(doc)).toThrow(
      /runs\[0\]\.files\[0\]\.tests\[0\]\[0\] does not point into names/,
    )
  })
})
