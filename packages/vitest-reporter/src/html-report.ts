import { fileCostMs, historyFileKey } from '@dbsafe/core'
import { formatMs } from './format-duration'
import type { LogicalRun } from './logical-runs'
import type { RunSummary } from './run-summary'
import { barChart, escapeHtml, lineChart } from './svg-charts'

/** Counts the charts whose plotted marks have a laid-out size, and records it on <body> for checks. */
const SELF_CHECK = `const charts=[...document.querySelectorAll('svg[data-chart]')];const ok=charts.filter(s=>[...s.querySelectorAll('.series')].some(e=>{const b=e.getBBox();return b.width>0||b.height>0}));document.body.dataset.chartsTotal=String(charts.length);document.body.dataset.chartsRendered=String(ok.length);`

const STYLE = `body{font:14px system-ui,sans-serif;margin:24px;color:#111;max-width:900px}h1{font-size:20px}h2{font-size:16px;margin-top:28px}figure{margin:12px 0}figcaption{font-weight:600;margin-bottom:4px}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #e5e7eb;padding:4px 6px;text-align:left;font-size:13px}.legend{display:flex;flex-wrap:wrap;gap:10px;font-size:12px}.key i{display:inline-block;width:10px;height:10px;margin-right:4px}.dim{color:#6b7280}`

/**
 * A self-contained HTML report (inline SVG, no scripts from elsewhere): suite and file durations over
 * time, flakiness, and this run's summary. `runs` are whole runs, oldest first.
 */
export function renderHtmlReport(runs: readonly LogicalRun[], summary: RunSummary): string {
  const suite = lineChart(
    'suite-duration',
    'Suite duration over time (s)',
    [
      { label: 'wall time', values: runs.map((r) => r.wallMs / 1000) },
      {
        label: 'file time (sum of files)',
        values: runs.map((r) => r.files.reduce((s, f) => s + fileCostMs(f), 0) / 1000),
      },
    ],
    's',
  )
  const top = summary.slowestFiles.slice(0, 8)
  const files = lineChart(
    'file-durations',
    'Slowest files over time (ms)',
    top.map((f) => ({
      label: f.file,
      values: runs.map((r) => {
        const record = r.files.find((x) => x.file === f.file)
        return record ? fileCostMs(record) : undefined
      }),
    })),
    'ms',
  )
  const flaky = barChart(
    'flakiness',
    'Flaky tests: runs with a failed attempt in the window',
    summary.flaky
      .slice(0, 15)
      .map((f) => ({ label: `${f.file} › ${f.name}`, value: f.failures, note: f.evidence })),
    ' runs',
  )
  const failuresPerRun = lineChart(
    'failures-per-run',
    'Failed and retried tests per run',
    [
      {
        label: 'failed',
        values: runs.map((r) =>
          r.files.reduce((s, f) => s + f.tests.filter((t) => t.state === 'failed').length, 0),
        ),
      },
      {
        label: 'retried',
        values: runs.map((r) => r.files.reduce((s, f) => s + f.tests.filter((t) => t.retries > 0).length, 0)),
      },
    ],
    '',
  )
  const rows = (cells: string[][]): string =>
    cells.length === 0
      ? '<tr><td class="dim">none</td></tr>'
      : cells.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('')
  const slow = summary.slowdowns.filter((s) => s.kind === 'slowdown')
  const latest = runs[runs.length - 1]
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>dbsafe report</title><style>${STYLE}</style></head><body>
<h1>dbsafe: ${summary.run.files.length} files, ${summary.tests.passed + summary.tests.failed + summary.tests.skipped} tests in ${escapeHtml(formatMs(summary.run.wallMs))}</h1>
<p class="dim">${runs.length} runs of history${latest?.commit ? ` · latest commit ${escapeHtml(latest.commit.slice(0, 10))}` : ''}${latest?.branch ? ` on ${escapeHtml(latest.branch)}` : ''} · generated ${escapeHtml(new Date().toISOString())}</p>
${suite}${files}${flaky}${failuresPerRun}
<h2>Flaky tests</h2><table><tr><th>tier</th><th>test</th><th>evidence</th></tr>${rows(summary.flaky.map((f) => [f.tier, `${f.file} › ${f.name}`, f.evidence]))}</table>
<h2>Slowdowns</h2><table><tr><th>slower by</th><th>test</th><th>baseline → recent</th></tr>${rows(slow.map((s) => [`+${Math.round((s.ratio - 1) * 100)}%`, `${s.file} › ${s.name}`, `${formatMs(s.baselineMs)} → ${formatMs(s.recentMs)}`]))}</table>
<h2>Time by level and isolation</h2><table><tr><th>level</th><th>isolation</th><th>files</th><th>time</th></tr>${rows(summary.byLevel.map((r) => [r.level, r.isolation, String(r.files), formatMs(r.costMs)]))}</table>
<h2>Slowest files</h2><table><tr><th>time</th><th>file</th><th>level</th><th>isolation</th></tr>${rows(summary.slowestFiles.map((f) => [formatMs(f.costMs), f.file, f.level ?? '', f.isolation ?? '']))}</table>
<h2>Recommendations</h2><table><tr><th>what</th><th>evidence</th></tr>${rows(summary.recommendations.map((r) => [r.text, r.evidence]))}</table>
<p class="dim">${escapeHtml(String(new Set(runs.flatMap((r) => r.files.map((f) => historyFileKey(f.project, f.file)))).size))} files seen in the history.</p>
<script>${SELF_CHECK}</script></body></html>
`
}
