import { formatMs, formatShare } from './format-duration'
import { escapeHtml } from './html-escape'
import { sortableHeader as th } from './html-table'
import type { LogicalRun } from './logical-runs'
import { testTrend } from './report-trends'
import type { RunSummary } from './run-summary'
import { sparkline } from './sparkline'

/** Sustained slowdowns: how much slower, baseline → recent, and the test's duration over the last runs. */
export function slowdownsSection(runs: readonly LogicalRun[], summary: RunSummary): string {
  const slow = summary.slowdowns.filter((finding) => finding.kind === 'slowdown')
  const erratic = summary.slowdowns.length - slow.length
  const note = erratic
    ? `<p class="dim">${erratic} test${erratic === 1 ? ' is' : 's are'} too erratic to judge (run-to-run spread over the threshold).</p>`
    : ''
  if (!slow.length)
    return `<section id="slowdowns"><h2>Slowdowns (0)</h2><p class="dim">No sustained slowdown.</p>${note}</section>`
  const rows = slow.map(
    (s) =>
      `<tr><td><code>${escapeHtml(s.file)}</code> › ${escapeHtml(s.name)}</td><td class="num up" data-v="${s.ratio.toFixed(4)}">+${Math.round((s.ratio - 1) * 100)}%</td><td>${formatMs(s.baselineMs)} → ${formatMs(s.recentMs)}<div class="dim">${s.samples} baseline runs, spread ${formatShare(s.spread)}</div></td><td>${sparkline(testTrend(runs, s), formatMs)}</td></tr>`,
  )
  return `<section id="slowdowns"><h2>Slowdowns (${slow.length})</h2><table class="sortable"><thead><tr>${th('test')}${th('slower by', 'number')}<th>baseline → recent</th><th>duration, last runs</th></tr></thead><tbody>${rows.join('')}</tbody></table>${note}</section>`
}
