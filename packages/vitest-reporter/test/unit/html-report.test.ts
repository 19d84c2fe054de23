import { describe, expect, test } from 'vitest'
import { renderHtmlReport } from '../../src/html-report'
import { summarize } from '../../src/run-summary'
import { fileRecord, run, whole } from './helpers'

const EVIL_FILE = 'tests/<img src=x onerror=alert(1)>.test.ts'
const EVIL_TEST = `it "quotes' <b>bold</b>`
const EVIL_ERROR = '</script><script>alert(1)</script> & </pre><h1>x</h1>'

describe('HTML report', () => {
  test('file names, test names and errors are escaped everywhere: the only script is the report’s own', () => {
    const failing = {
      ...fileRecord(EVIL_FILE, [{ name: EVIL_TEST, state: 'failed' as const, durationMs: 3, retries: 0 }]),
      state: 'failed' as const,
      reason: '<svg onload=alert(1)>',
      failures: [
        { test: EVIL_TEST, message: EVIL_ERROR, at: `${EVIL_FILE}:3:1`, stack: [`${EVIL_FILE}:3:1`] },
      ],
    }
    const runs = whole([
      run({ runId: 'a', startedAt: '2026-01-01T00:00:00.000Z', files: [fileRecord(EVIL_FILE)] }),
      run({ runId: 'b', startedAt: '2026-01-02T00:00:00.000Z', status: 'failed', files: [failing] }),
    ])
    const summary = summarize(runs[1] as (typeof runs)[number], {
      historyRuns: 2,
      flaky: [],
      slowdowns: [],
      recommendations: [{ file: EVIL_FILE, text: `split ${EVIL_FILE}`, evidence: EVIL_ERROR }],
      topCount: 5,
      historyLocation: 'h.json',
    })
    const html = renderHtmlReport(runs, summary, new Date('2026-01-02T00:00:00.000Z'))
    expect(html.match(/<script/g)).toHaveLength(1)
    expect(html).not.toMatch(/<img|<svg onload|<b>bold|<h1>x/)
    expect(html).toContain('tests/&#60;img src=x onerror=alert(1)&#62;.test.ts')
    expect(html).toContain('&#60;/script&#62;&#60;script&#62;alert(1)&#60;/script&#62; &#38; &#60;/pre&#62;')
    expect(html).toContain(`data-file="tests/&#60;img src=x onerror=alert(1)&#62;.test.ts"`)
    expect(html).toContain(
      '<header class="verdict" data-status="failed"><h1 id="verdict">✗ dbsafe: failed: 1 failed test</h1>',
    )
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org)/)
  })
})

describe('HTML report trends', () => {
  test('a slowdown shows how much slower, baseline → recent, and the test’s durations with their values', () => {
    const ms = [20, 21, 19, 20, 60, 61]
    const runs = whole(
      ms.map((durationMs, i) =>
        run({
          runId: `r${i}`,
          startedAt: `2026-01-0${i + 1}T00:00:00.000Z`,
          commit: `abcdef${i}000`,
          files: [
            fileRecord('tests/slow.test.ts', [{ name: 'grows', state: 'passed', durationMs, retries: 0 }]),
          ],
        }),
      ),
    )
    const summary = summarize(runs[5] as (typeof runs)[number], {
      historyRuns: 6,
      flaky: [],
      slowdowns: [
        {
          key: 'k',
          project: '',
          file: 'tests/slow.test.ts',
          name: 'grows',
          kind: 'slowdown',
          baselineMs: 20,
          recentMs: 60.5,
          ratio: 3.02,
          spread: 0.03,
          samples: 4,
        },
      ],
      recommendations: [],
      topCount: 5,
      historyLocation: 'h.json',
    })
    const html = renderHtmlReport(runs, summary)
    const section = html.slice(
      html.indexOf('<section id="slowdowns">'),
      html.indexOf('<section id="trends">'),
    )
    expect(section).toContain('<h2>Slowdowns (1)</h2>')
    expect(section).toContain('+202%')
    expect(section).toContain('20ms → 61ms')
    expect(section).toContain('<title>run 6 · 2026-01-06 00:00 · abcdef5: 61ms</title>')
    expect(section).toContain('aria-label="6 runs, latest 61ms, range 19ms–61ms"')
  })
})
