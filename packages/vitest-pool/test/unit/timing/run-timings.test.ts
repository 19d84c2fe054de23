import { describe, expect, test } from 'vitest'
import { formatIdle, formatRunTimings, RunTimings } from '../../../src/timing/run-timings'

describe('RunTimings', () => {
  test('a phase spans its first start to its last end; once keeps the first', () => {
    const clock = { now: 0 }
    const timings = new RunTimings(() => clock.now)
    clock.now = 100
    timings.start('files')
    clock.now = 150
    timings.start('files')
    timings.end('files')
    clock.now = 400
    timings.end('files')
    timings.once('first-file', 0, 100)
    timings.once('first-file', 0, 300)
    expect(timings.spans()).toEqual({
      files: { startMs: 100, endMs: 400 },
      'first-file': { startMs: 0, endMs: 100 },
    })
  })

  test('prints finished phases in run order, then the waits by reason', () => {
    const lines = formatRunTimings(
      {
        close: { startMs: 9000, endMs: 9500 },
        config: { startMs: 0, endMs: 1200 },
        server: { startMs: 1300 },
      },
      { totalMs: 2500, byReason: { lane: 2000, server: 500 }, exchanged: 3 },
    )
    expect(lines).toEqual([
      '  config        1.20s  at   0.00s  process start → config loaded',
      '  close         0.50s  at   9.00s  close (databases, server)',
      "  workers waited 2.50s in all for a file they could start (lane 2.00s, server 0.50s); 3 file(s) ran in another file's turn",
    ])
  })

  test('no waits print no reasons', () => {
    expect(formatIdle({ totalMs: 0, byReason: {}, exchanged: 0 })).toBe(
      "workers waited 0.00s in all for a file they could start; 0 file(s) ran in another file's turn",
    )
  })
})
