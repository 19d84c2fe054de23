import { describe, expect, test } from 'vitest'
import { drawRun, gaussian, makeSuite, type SyntheticFile, seeded } from '../../bench/synthetic-history'
import { detectSlowdowns } from '../../src/slowdowns'
import { whole } from './helpers'

function runs(
  suite: SyntheticFile[],
  count: number,
  random: () => number,
  drift: (i: number) => number = () => 1,
) {
  return whole(
    Array.from({ length: count }, (_, index) =>
      drawRun(suite, { index, retries: 0, commit: `c${index}`, drift: drift(index) }, random),
    ),
  )
}

describe('slowdowns', () => {
  test('a sustained +50% slowdown of a quiet test is caught on its third slow run, not before', () => {
    const random = seeded(3)
    const suite = makeSuite(random, { fileCount: 10, testsPerFile: 10, medianTestMs: 80, noise: () => 0.05 })
    const target = suite[0]?.tests[0]
    if (!target) throw new Error('no test')
    target.baseMs = 100
    target.slowdownFrom = 20
    target.slowdownFactor = 1.5
    const all = runs(suite, 23, random)
    expect(detectSlowdowns(all.slice(0, 22)).filter((f) => f.kind === 'slowdown')).toEqual([])
    const found = detectSlowdowns(all).filter((f) => f.kind === 'slowdown')
    expect(found.map((f) => f.name)).toEqual([target.name])
    expect(found[0]?.ratio).toBeGreaterThan(1.3)
  })

  test('one slow outlier is not a slowdown, and a uniformly slower runner is normalised away', () => {
    const random = seeded(4)
    const suite = makeSuite(random, { fileCount: 10, testsPerFile: 10, medianTestMs: 80, noise: () => 0.05 })
    const target = suite[0]?.tests[0]
    if (!target) throw new Error('no test')
    target.slowdownFrom = 22
    target.slowdownFactor = 3
    expect(detectSlowdowns(runs(suite, 23, random)).filter((f) => f.kind === 'slowdown')).toEqual([])
    target.slowdownFrom = undefined
    const slowerRunner = runs(suite, 23, random, (i) => (i >= 20 ? 1.5 : 1))
    expect(detectSlowdowns(slowerRunner).filter((f) => f.kind === 'slowdown')).toEqual([])
  })

  test('a noisy test is reported as erratic, never as a slowdown', () => {
    const random = seeded(5)
    const suite = makeSuite(random, { fileCount: 5, testsPerFile: 10, medianTestMs: 80, noise: () => 0.05 })
    const target = suite[0]?.tests[0]
    if (!target) throw new Error('no test')
    target.noise = 0.6
    target.slowdownFrom = 20
    target.slowdownFactor = 2
    const found = detectSlowdowns(runs(suite, 23, random)).filter((f) => f.name === target.name)
    expect(found.map((f) => f.kind)).toEqual(['erratic'])
    expect(gaussian(seeded(1))).not.toBeNaN()
  })
})
