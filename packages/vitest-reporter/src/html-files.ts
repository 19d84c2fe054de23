import { fileCostMs, historyFileKey } from '@dbsafe/core'
import { formatMs } from './format-duration'
import { escapeHtml } from './html-escape'
import { sortableHeader as th } from './html-table'
import type { LogicalRun } from './logical-runs'
import { changeOverMedian, fileTrends } from './report-trends'
import type { RunSummary } from './run-summary'
import { sparkline } from './sparkline'

const options = (label: string, filter: string, values: Iterable<string>): string =>
  `<select data-filter="${filter}" aria-label="${label}"><option value="">${label}: all</option>${[
    ...new Set(values),
  ]
    .sort()
    .map((value) => `<option value="${escapeHtml(value)}">${escapeHtml(value)}</option>`)
    .join('')}</select>`

/**
 * Every file of the run with its level, isolation, status, time, tests, change over its recent median and
 * trend — sortable by any column and filterable by text, level, isolation and status.
 */
export function filesSection(runs: readonly LogicalRun[], summary: RunSummary): string {
  const trends = fileTrends(runs)
  const files = [...summary.run.files].sort((a, b) => fileCostMs(b) - fileCostMs(a))
  const level = (file: (typeof files)[number]): string => file.level ?? 'unclassified'
  const isolation = (file: (typeof files)[number]): string =>
    file.isolation ?? (file.level ? 'unknown' : 'no dbsafe pool')
  const rows = files.map((file) => {
    const key = historyFileKey(file.project, file.file)
    const points = trends.get(key) ?? []
    const change = changeOverMedian(points)
    const failed = file.tests.filter((test) => test.state === 'failed').length
    const changeCell =
      change === undefined
        ? '<td class="num dim" data-v="">—</td>'
        : `<td class="num ${change > 0.2 ? 'up' : change < -0.2 ? 'down' : ''}" data-v="${change.toFixed(4)}">${change >= 0 ? '+' : ''}${Math.round(change * 100)}%</td>`
    const name = `${file.file}${file.project ? ` [${file.project}]` : ''}`
    return `<tr data-file="${escapeHtml(name)}" data-level="${escapeHtml(level(file))}" data-isolation="${escapeHtml(isolation(file))}" data-status="${file.state}"><td><code>${escapeHtml(name)}</code></td><td>${escapeHtml(level(file))}</td><td>${escapeHtml(isolation(file))}</td><td class="status" data-status="${file.state}">${file.state}</td><td class="num" data-v="${fileCostMs(file).toFixed(1)}">${formatMs(fileCostMs(file))}</td><td class="num" data-v="${file.tests.length}">${file.tests.length}${failed ? ` <span class="status" data-status="failed">(${failed} ✗)</span>` : ''}</td>${changeCell}<td>${sparkline(points, formatMs)}</td></tr>`
  })
  return `<section id="files"><h2>Files (${files.length})</h2>
<div class="filters"><input type="search" data-filter="file" placeholder="Filter files…" aria-label="Filter files by name">${options('level', 'level', files.map(level))}${options('isolation', 'isolation', files.map(isolation))}${options(
    'status',
    'status',
    files.map((file) => file.state),
  )}<span class="dim"><span id="files-shown">${files.length}</span> of ${files.length} shown</span></div>
<table id="files-table" class="sortable"><thead><tr>${th('file')}${th('level')}${th('isolation')}${th('status')}${th('time', 'number')}${th('tests', 'number')}${th('vs median', 'number')}<th>last ${Math.min(20, runs.length)} runs</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`
}
