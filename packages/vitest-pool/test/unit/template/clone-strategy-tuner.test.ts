import { describe, expect, it } from 'vitest'
import { CloneStrategyTuner } from '../../../src/template/clone-strategy-tuner'

describe('CloneStrategyTuner', () => {
  it('takes the strategies in turn and picks the lowest median after enough samples', () => {
    const tuner = new CloneStrategyTuner(['WAL_LOG', 'FILE_COPY'], { samplesPerStrategy: 3 })
    const times = { WAL_LOG: [40, 45, 50], FILE_COPY: [30, 90, 35] }
    const seen: string[] = []
    let decided: ReturnType<CloneStrategyTuner['record']>
    for (let i = 0; i < 6; i++) {
      const strategy = tuner.next()
      seen.push(strategy)
      decided = tuner.record(strategy, times[strategy as 'WAL_LOG'].shift()!)
      if (i < 5) expect(decided).toBeUndefined()
    }
    expect(seen).toEqual(['WAL_LOG', 'FILE_COPY', 'WAL_LOG', 'FILE_COPY', 'WAL_LOG', 'FILE_COPY'])
    expect(decided).toEqual({ strategy: 'FILE_COPY', cloneMs: { WAL_LOG: 45, FILE_COPY: 35 } })
    expect(tuner.next()).toBe('FILE_COPY')
    expect(tuner.record('WAL_LOG', 1)).toBeUndefined()
  })

  it('stops trying a strategy that is four times slower than the fastest after one sample', () => {
    const tuner = new CloneStrategyTuner(['WAL_LOG', 'FILE_COPY'], { samplesPerStrategy: 2 })
    tuner.record(tuner.next(), 200)
    tuner.record(tuner.next(), 1_500)
    expect(tuner.next()).toBe('WAL_LOG')
    expect(tuner.record('WAL_LOG', 220)).toEqual({
      strategy: 'WAL_LOG',
      cloneMs: { WAL_LOG: 210, FILE_COPY: 1_500 },
    })
  })

  it('drops a strategy the server rejects, but never the last one', () => {
    const tuner = new CloneStrategyTuner(['WAL_LOG', 'FILE_COPY_CLONE'], { samplesPerStrategy: 1 })
    expect(tuner.failed('FILE_COPY_CLONE')).toBe(true)
    expect(tuner.failed('WAL_LOG')).toBe(false)
    expect(tuner.record(tuner.next(), 10)).toEqual({ strategy: 'WAL_LOG', cloneMs: { WAL_LOG: 10 } })
  })

  it('uses a stored or single strategy from the start', () => {
    const stored = { strategy: 'FILE_COPY' as const, cloneMs: { FILE_COPY: 20 } }
    expect(new CloneStrategyTuner(['WAL_LOG', 'FILE_COPY'], { decided: stored }).next()).toBe('FILE_COPY')
    expect(new CloneStrategyTuner(['WAL_LOG']).decided).toEqual({ strategy: 'WAL_LOG', cloneMs: {} })
  })
})
