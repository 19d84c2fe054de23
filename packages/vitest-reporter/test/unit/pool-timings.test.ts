import { describe, expect, test } from 'vitest'
import { formatTerminalSummary } from '../../src/format-terminal'
import { jobSummaryMarkdown } from '../../src/github-output'
import { formatPoolCloseLine, formatPoolLine, poolTimingsOf } from '../../src/pool-timings'
import { summarize } from '../../src/run-summary'
import { run } from './helpers'

const snapshot = {
  spans: {
    config: { startMs: 0, endMs: 1070 },
    server: { startMs: 1070, endMs: 2530 },
    template: { startMs: 2530, endMs: 2640 },
    'first-file': { startMs: 0, endMs: 2330 },
    files: { startMs: 2330, endMs: 11_350 },
  },
  idle: { totalMs: 1510, byReason: { lane: 1400, server: 105, connections: 5 }, exchanged: 30 },
}

describe('the pool line of the summary', () => {
  test('says how long workers waited and why (longest first, waits under 10 ms left out), then the start-up cost', () => {
    expect(formatPoolLine(poolTimingsOf(snapshot, true))).toBe(
      'Pool: workers waited 1.5s in all (lane 1.4s, server 105ms); start → first file 2.3s (config 1.1s, server ready at 2.5s, template at 2.6s)',
    )
  })

  test('a watch-mode rerun leaves the start-up cost out; no wait at all reads as such', () => {
    const rerun = { ...snapshot, idle: { totalMs: 0, byReason: {}, exchanged: 0 } }
    expect(formatPoolLine(poolTimingsOf(rerun, false))).toBe('Pool: workers waited 0ms in all')
  })

  test('nothing to say (no plan, no file sent): no line', () => {
    expect(formatPoolLine(poolTimingsOf({ spans: {}, idle: undefined }, true))).toBeUndefined()
  })

  test('the close line: how long the close took and the fixed cost; none before the close ended', () => {
    expect(formatPoolCloseLine(snapshot)).toBeUndefined()
    const closed = { ...snapshot, spans: { ...snapshot.spans, close: { startMs: 11_400, endMs: 11_880 } } }
    expect(formatPoolCloseLine(closed)).toBe(
      'dbsafe pool closed in 480ms (databases, server); fixed cost 2.8s (start → first file 2.3s + close)',
    )
  })

  test('the terminal summary and the job summary print it when the pool ran, and not otherwise', () => {
    const base = {
      historyRuns: 1,
      flaky: [],
      slowdowns: [],
      recommendations: [],
      topCount: 5,
      historyLocation: 'h.json',
    }
    const withPool = summarize(run({ runId: 'r', files: [] }), {
      ...base,
      pool: poolTimingsOf(snapshot, true),
    })
    const without = summarize(run({ runId: 'r', files: [] }), base)
    expect(formatTerminalSummary(withPool)).toContain('\nPool: workers waited 1.5s in all (lane 1.4s')
    expect(jobSummaryMarkdown(withPool)).toContain('\nPool: workers waited 1.5s in all (lane 1.4s')
    expect(formatTerminalSummary(without)).not.toContain('Pool:')
    expect(jobSummaryMarkdown(without)).not.toContain('Pool:')
  })
})
