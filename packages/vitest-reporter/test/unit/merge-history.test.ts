import { historyRunKey } from '@dbsafe/core'
import { describe, expect, test } from 'vitest'
import { logicalRuns } from '../../src/logical-runs'
import { mergeHistories } from '../../src/merge-history'
import { compactHistory } from '../../src/retention'
import { fileRecord, run } from './helpers'

const file = (name: string) => fileRecord(name)
const h = (...runs: ReturnType<typeof run>[]) => ({ schemaVersion: 1 as const, runs })

describe('merging histories', () => {
  const a = run({
    runId: 'ci-1',
    shard: { index: 1, count: 2 },
    files: [file('a.test.ts')],
    startedAt: '2026-01-01T00:00:01.000Z',
  })
  const b = run({
    runId: 'ci-1',
    shard: { index: 2, count: 2 },
    files: [file('b.test.ts')],
    startedAt: '2026-01-01T00:00:00.000Z',
  })
  const c = run({
    runId: 'ci-0',
    files: [file('a.test.ts'), file('b.test.ts')],
    startedAt: '2025-12-31T00:00:00.000Z',
  })

  test('is idempotent and independent of order', () => {
    const one = mergeHistories(h(a), h(b, c))
    expect(mergeHistories(one, one)).toEqual(one)
    expect(mergeHistories(h(c), h(b), h(a), h(a))).toEqual(one)
    expect(one.runs.map(historyRunKey)).toEqual(['ci-0#1#all', 'ci-1#1#2/2', 'ci-1#1#1/2'])
  })

  test('shard records form one whole run; a merged record of the same run wins', () => {
    const runs = logicalRuns(mergeHistories(h(a, b, c)))
    expect(runs.map((r) => [r.runId, r.files.map((f) => f.file).sort(), r.complete])).toEqual([
      ['ci-0', ['a.test.ts', 'b.test.ts'], true],
      ['ci-1', ['a.test.ts', 'b.test.ts'], true],
    ])
    expect(logicalRuns(h(a))[0]?.complete).toBe(false)
    const merged = run({
      runId: 'ci-1',
      merged: true,
      files: [file('a.test.ts'), file('b.test.ts'), file('c.test.ts')],
    })
    expect(logicalRuns(h(a, b, merged))[0]?.files).toHaveLength(3)
  })

  test('retention keeps the newest whole runs and drops shard records a merged record replaces', () => {
    const dated = Array.from({ length: 10 }, (_, i) =>
      run({ runId: `r${i}`, startedAt: new Date(Date.UTC(2026, 0, 1 + i)).toISOString() }),
    )
    const kept = compactHistory(
      h(...dated),
      { maxRuns: 3, maxAgeDays: 1000 },
      new Date(Date.UTC(2026, 0, 20)),
    )
    expect(kept.runs.map((r) => r.runId)).toEqual(['r7', 'r8', 'r9'])
    const old = compactHistory(h(...dated), { maxRuns: 100, maxAgeDays: 12 }, new Date(Date.UTC(2026, 0, 20)))
    expect(old.runs.map((r) => r.runId)).toEqual(['r7', 'r8', 'r9'])
    const merged = run({ runId: 'ci-1', merged: true, files: [file('a.test.ts')] })
    expect(compactHistory(h(a, b, merged), {}, new Date('2026-01-02')).runs.map(historyRunKey)).toEqual([
      'ci-1#1#all',
    ])
  })
})
