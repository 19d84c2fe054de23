import { flakyListing } from './flaky-listing'
import { escapeHtml } from './html-escape'
import { sortableHeader as th } from './html-table'
import type { LogicalRun } from './logical-runs'
import { TREND_RUNS, testOutcomes } from './report-trends'
import type { RunSummary } from './run-summary'
import { runStrip } from './sparkline'

const pct = (share: number): string => `${Math.round(share * 100)}%`

/**
 * Flaky tests with their evidence: the detector's line, how often they fail (with its interval), and a strip of
 * the last runs (passed, failed, passed on retry, not run), each cell naming its run and attempts.
 */
export function flakySection(runs: readonly LogicalRun[], summary: RunSummary): string {
  const { heading, shown: flaky } = flakyListing(summary.flaky, summary.flaky.length)
  const title = `Flaky tests (${heading})`
  if (!flaky.length)
    return `<section id="flaky"><h2>${title}</h2><p class="dim">No flaky test in the last ${runs.length} runs.</p></section>`
  const rows = flaky.map((finding) => {
    const tags = `<span class="tag">${finding.tier}</span>${finding.isNew ? ' <span class="tag new">new</span>' : ''}`
    return `<tr data-test="${escapeHtml(finding.name)}"><td><code>${escapeHtml(finding.file)}</code> › ${escapeHtml(finding.name)}</td><td data-v="${finding.tier}${finding.isNew ? '0' : '1'}">${tags}</td><td class="num" data-v="${finding.failureRate.estimate.toFixed(4)}">${pct(finding.failureRate.estimate)} <span class="dim">(${pct(finding.failureRate.low)}–${pct(finding.failureRate.high)})</span></td><td>${runStrip(testOutcomes(runs, finding))}<div class="dim evidence">${escapeHtml(finding.evidence)}</div></td></tr>`
  })
  return `<section id="flaky"><h2>${title}</h2><p class="dim">Each cell is one of the last ${Math.min(TREND_RUNS, runs.length)} runs, oldest first: ✓ passed, ✗ failed, ↻ passed on retry, – skipped, · did not run. Hover a cell for its run and attempts.</p>
<table class="sortable"><thead><tr>${th('test')}${th('tier')}${th('fails in', 'number')}<th>evidence</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`
}
