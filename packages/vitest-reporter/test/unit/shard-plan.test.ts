import { describe, expect, test } from 'vitest'
import { estimateFileCosts } from '../../src/file-estimates'
import { planShards } from '../../src/shard-plan'
import { run, whole } from './helpers'

describe('shard plans', () => {
  const items = [
    { key: 'a', estimateMs: 50, known: true },
    { key: 'b', estimateMs: 40, known: true },
    { key: 'c', estimateMs: 30, known: true },
    { key: 'd', estimateMs: 30, known: true },
    { key: 'e', estimateMs: 20, known: true },
    { key: 'f', estimateMs: 10, known: true },
  ]

  test('longest first into the least loaded shard: disjoint, complete, balanced, same hash in any input order', () => {
    const plan = planShards(items, 2)
    expect(plan.shards.map((s) => s.files)).toEqual([
      ['a', 'd', 'f'],
      ['b', 'c', 'e'],
    ])
    expect(plan.shards.map((s) => s.predictedMs)).toEqual([90, 90])
    expect(plan.predictedImbalance).toBe(0)
    expect(planShards([...items].reverse(), 2).hash).toBe(plan.hash)
    expect(planShards(items, 3).hash).not.toBe(plan.hash)
  })

  test('more shards than files leaves empty shards rather than failing', () => {
    expect(planShards(items.slice(0, 1), 3).shards.map((s) => s.files.length)).toEqual([1, 0, 0])
  })

  test('estimates: median of recent costs (partial runs and failed files ignored); unknown files from size × the known cost per byte', () => {
    const record = (file: string, runMs: number) => ({
      project: '',
      file,
      state: 'passed' as const,
      environmentMs: 0,
      prepareMs: 0,
      collectMs: 0,
      setupMs: 0,
      runMs,
      provisionMs: 10,
      tests: [],
    })
    const history = whole(
      [100, 300, 200].map((ms, i) => run({ runId: `r${i}`, files: [record('known.ts', ms)] })),
    )
    const sizes = new Map([
      ['known.ts', 1000],
      ['new.ts', 500],
    ])
    const partial = whole([
      run({ runId: 'filtered', partial: true, files: [record('known.ts', 1)] }),
      run({ runId: 'broken-import', files: [{ ...record('known.ts', 0), state: 'failed' }] }),
    ])
    expect(estimateFileCosts(['known.ts', 'new.ts'], [...history, ...partial], sizes)).toEqual([
      { key: 'known.ts', estimateMs: 210, known: true },
      { key: 'new.ts', estimateMs: 105, known: false },
    ])
  })
})
