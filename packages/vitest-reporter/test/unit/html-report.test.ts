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
