import pc from 'picocolors'
import { describe, expect, test } from 'vitest'
import type { FlakyFinding } from '../../src/flaky'
import { flakyListing } from '../../src/flaky-listing'
import { formatTerminalSummary } from '../../src/format-terminal'
import { jobSummaryMarkdown } from '../../src/github-output'
import { summarize } from '../../src/run-summary'
import { run } from './helpers'

const finding = (name: string, isNew: boolean): FlakyFinding => ({
  key: name,
  project: '',
  file: 'tests/a.test.ts',
  name,
  tier: 'certain',
  evidence: `evidence of ${name}`,
  isNew,
  flipRate: 0,
  failures: 1,
  samples: 5,
  failureRate: { estimate: 0.2, low: 0.04, high: 0.6 },
})

describe('flaky listing', () => {
  test('"1 new, 2 known" lists all three, the new one first, and the heading counts what is listed', () => {
    const flaky = [finding('old one', false), finding('fresh', true), finding('old two', false)]
    expect(flakyListing(flaky, 10)).toMatchObject({ heading: '3, 1 new', more: 0 })
    expect(flakyListing(flaky, 10).shown.map((f) => f.name)).toEqual(['fresh', 'old one', 'old two'])
    expect(flakyListing(flaky, 2)).toMatchObject({ more: 1 })

    const summary = summarize(run({ runId: 'r' }), {
      historyRuns: 3,
      flaky,
      slowdowns: [],
      recommendations: [],
      topCount: 5,
      historyLocation: 'h.json',
    })
    const text = formatTerminalSummary(summary, pc.createColors(false))
    expect(text).toContain('Flaky tests (3, 1 new)\n  certain   new tests/a.test.ts › fresh\n')
    expect(text).toContain('tests/a.test.ts › old one')
    expect(text).toContain('tests/a.test.ts › old two')
    const markdown = jobSummaryMarkdown(summary)
    expect(markdown).toContain('### Flaky tests (3, 1 new)')
    expect(markdown.match(/\| certain/g)).toHaveLength(3)
  })
})
