import type { HistoryState } from '@dbsafe/core'
import { describe, expect, test } from 'vitest'
import { detectFlaky } from '../../src/flaky'
import { run, whole } from './helpers'

/** One run per outcome of test "t"; `others` healthy tests keep the failure share low. */
function history(
  outcomes: { state: HistoryState; commit?: string; attempts?: HistoryState[] }[],
  others = 10,
) {
  return whole(
    outcomes.map((o, i) =>
      run({
        runId: `r${i}`,
        startedAt: new Date(Date.UTC(2026, 0, 1, i)).toISOString(),
        commit: o.commit ?? `c${i}`,
        files: [
          {
            project: '',
            file: 'x.test.ts',
            state: o.state,
            environmentMs: 0,
            prepareMs: 0,
            collectMs: 0,
            setupMs: 0,
            runMs: 1,
            tests: [
              {
                name: 't',
                state: o.state,
                durationMs: 1,
                retries: o.attempts ? o.attempts.length - 1 : 0,
                ...(o.attempts ? { attempts: o.attempts } : {}),
              },
              ...Array.from({ length: others }, (_, k) => ({
                name: `ok ${k}`,
                state: 'passed' as const,
                durationMs: 1,
                retries: 0,
              })),
            ],
          },
        ],
      }),
    ),
  )
}

describe('flaky tests', () => {
  test('passed on retry in the latest run is certain and new', () => {
    const [finding] = detectFlaky(
      history([{ state: 'passed' }, { state: 'passed', attempts: ['failed', 'passed'] }]),
    )
    expect(finding).toMatchObject({ name: 't', tier: 'certain', isNew: true })
    expect(finding?.evidence).toContain('failed → passed')
    expect(finding?.evidence).toContain('fails in 50% of runs')
    expect(finding?.failureRate.low).toBeGreaterThan(0)
    expect(finding?.failureRate.high).toBeLessThan(1)
  })

  test('passed and failed on the same commit is certain', () => {
    const [finding] = detectFlaky(
      history([
        { state: 'passed', commit: 'abc' },
        { state: 'failed', commit: 'abc' },
      ]),
    )
    expect(finding).toMatchObject({ tier: 'certain' })
    expect(finding?.evidence).toContain('same commit abc')
  })

  test('a real break that a later commit fixes is not flaky', () => {
    const states: HistoryState[] = [
      'passed',
      'passed',
      'failed',
      'failed',
      'failed',
      'passed',
      'passed',
      'passed',
      'passed',
      'passed',
      'passed',
      'passed',
    ]
    expect(detectFlaky(history(states.map((state) => ({ state }))))).toEqual([])
  })

  test('runs where most tests failed (infrastructure) are ignored', () => {
    const runs = history(
      [
        { state: 'passed', commit: 'abc' },
        { state: 'failed', commit: 'abc' },
      ],
      0,
    )
    expect(detectFlaky(runs)).toEqual([])
  })

  test('an alternating test is suspected; it clears only once its flip rate falls to the clear threshold', () => {
    const flipping = Array.from({ length: 12 }, (_, i) => ({
      state: (i % 3 === 0 ? 'failed' : 'passed') as HistoryState,
    }))
    expect(detectFlaky(history(flipping))[0]).toMatchObject({ tier: 'suspected' })
    const calmer = [...flipping, ...Array.from({ length: 6 }, () => ({ state: 'passed' as const }))]
    expect(detectFlaky(history(calmer))[0]).toMatchObject({ tier: 'suspected' })
    const calm = [...flipping, ...Array.from({ length: 40 }, () => ({ state: 'passed' as const }))]
    expect(detectFlaky(history(calm))).toEqual([])
  })
})
