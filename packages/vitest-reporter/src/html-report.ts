import { fileCostMs } from '@dbsafe/core'
import { formatMs } from './format-duration'
import { escapeHtml } from './html-escape'
import { failuresSection } from './html-failures'
import { filesSection } from './html-files'
import { flakySection } from './html-flaky'
import { REPORT_SCRIPT } from './html-script'
import { slowdownsSection } from './html-slowdowns'
import { REPORT_STYLE } from './html-style'
import type { LogicalRun } from './logical-runs'
import { runLabel } from './report-trends'
import type { RunSummary } from './run-summary'
import { lineChart } from './svg-charts'
import { verdictOf } from './verdict'

/** A plain table of text cells, or a dim "none". */
function textTable(head: string[], rows: string[][]): string {
  const body = rows.length
    ? rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('')
    : `<tr><td class="dim" colspan="${head.length}">none</td></tr>`
  return `<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${body}</tbody></table>`
}

/** The suite's duration and its failed and retried tests over every run in the history, every point labelled. */
function trendsSection(runs: readonly LogicalRun[]): string {
  const labels = runs.map(runLabel)
  const count = (
    run: LogicalRun,
    test: (t: LogicalRun['files'][number]['tests'][number]) => boolean,
  ): number => run.files.reduce((sum, file) => sum + file.tests.filter(test).length, 0)
  const suite = lineChart(
    'suite-duration',
    'Suite duration over time (s)',
    [
      { label: 'wall time', values: runs.map((r) => r.wallMs / 1000), labels },
      {
        label: 'file time (sum of files)',
        values: runs.map((r) => r.files.reduce((s, f) => s + fileCostMs(f), 0) / 1000),
        labels,
      },
    ],
    's',
  )
  const failures = lineChart(
    'failures-per-run',
    'Failed and retried tests per run',
    [
      { label: 'failed', values: runs.map((r) => count(r, (t) => t.state === 'failed')), labels },
      { label: 'retried', values: runs.map((r) => count(r, (t) => t.retries > 0)), labels },
    ],
    '',
  )
  return `<section id="trends"><h2>Trends (${runs.length} runs)</h2>${suite}${failures}</section>`
}

/**
 * The HTML report: one self-contained file (inline CSS, inline SVG, one small inline script, no network) that
 * opens with the run's verdict, then lists the failed tests with their errors, every file (level, isolation,
 * status, time, trend; sortable and filterable), flaky tests with their evidence, slowdowns, the suite's trends,
 * time by level and isolation, and recommendations. Light and dark (`prefers-color-scheme`). `runs` are whole
 * runs, oldest first; every text from tests and files is escaped.
 */
export function renderHtmlReport(runs: readonly LogicalRun[], summary: RunSummary, now = new Date()): string {
  const { run, tests } = summary
  const verdict = verdictOf(summary)
  const latest = runs[runs.length - 1]
  const total = tests.passed + tests.failed + tests.skipped
  const context = [
    `${runs.length} runs of history`,
    latest?.commit ? `commit ${latest.commit.slice(0, 10)}` : '',
    latest?.branch ? `branch ${latest.branch}` : '',
    run.shard ? `shard ${run.shard.index}/${run.shard.count}` : run.merged ? 'merged shards' : '',
    `generated ${now.toISOString()}`,
  ].filter(Boolean)
  const notIsolated = summary.problems.length
    ? `<section id="not-isolated"><h2>Not isolated (${summary.problems.length})</h2>${textTable(
        ['', 'file', 'problem'],
        summary.problems.map((p) => [p.severity === 'error' ? '✗ error' : '⚠ warning', p.file, p.message]),
      )}</section>`
    : ''
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="color-scheme" content="light dark"><title>${escapeHtml(`${verdict.mark} dbsafe report: ${verdict.word}`)}</title><style>${REPORT_STYLE}</style></head><body>
<header class="verdict" data-status="${summary.status}"><h1 id="verdict">${escapeHtml(`${verdict.mark} dbsafe: ${verdict.line.slice(2)}`)}</h1>
<div>${run.files.length} files, ${total} tests: <strong>${tests.passed} passed</strong>, <strong>${tests.failed} failed</strong>, ${tests.skipped} skipped, ${tests.retried} retried · ${escapeHtml(formatMs(run.wallMs))} wall, ${escapeHtml(formatMs(summary.fileTimeMs))} file time</div>
<div class="dim">${escapeHtml(context.join(' · '))}</div></header>
<nav><a href="#failed">Failed tests</a><a href="#files">Files</a><a href="#flaky">Flaky tests</a><a href="#slowdowns">Slowdowns</a><a href="#trends">Trends</a><a href="#levels">Time by level</a><a href="#recommendations">Recommendations</a></nav>
${notIsolated}${failuresSection(summary)}
${filesSection(runs, summary)}
${flakySection(runs, summary)}
${slowdownsSection(runs, summary)}
${trendsSection(runs)}
<section id="levels"><h2>Time by level and isolation</h2>${textTable(
    ['level', 'isolation', 'files', 'time'],
    summary.byLevel.map((r) => [r.level, r.isolation, String(r.files), formatMs(r.costMs)]),
  )}</section>
<section id="recommendations"><h2>Recommendations</h2>${textTable(
    ['what', 'evidence'],
    summary.recommendations.map((r) => [r.text, r.evidence]),
  )}</section>
<script>${REPORT_SCRIPT}</script></body></html>
`
}
