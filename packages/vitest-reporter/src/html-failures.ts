import { historyFileKey } from '@dbsafe/core'
import { escapeHtml } from './html-escape'
import type { RunSummary } from './run-summary'

/** The failed-tests section: each failure with where it was thrown, its file's level, its message and first frames. */
export function failuresSection(summary: RunSummary): string {
  const failed = summary.failedTests
  if (!failed.length)
    return `<section id="failed"><h2>Failed tests</h2><p class="ok">✓ No test failed in this run.</p></section>`
  const fileOf = new Map(summary.run.files.map((file) => [historyFileKey(file.project, file.file), file]))
  const items = failed.map((failure) => {
    const file = fileOf.get(historyFileKey(failure.project, failure.file))
    const level = file?.level ? ` · ${file.level} / ${file.isolation ?? '?'}` : ''
    const stack = failure.stack?.length
      ? `<pre class="stack">${escapeHtml(failure.stack.map((frame) => `at ${frame}`).join('\n'))}</pre>`
      : ''
    return `<li data-file="${escapeHtml(failure.file)}"><h3>${escapeHtml(failure.test ?? `${failure.file} (the file itself)`)}</h3><div class="dim"><code class="where">${escapeHtml(failure.at ?? failure.file)}</code>${escapeHtml(failure.project ? ` · project ${failure.project}` : '')}${escapeHtml(level)}</div><pre class="error">${escapeHtml(failure.message)}</pre>${stack}</li>`
  })
  return `<section id="failed"><h2>Failed tests (${failed.length})</h2><ol class="failures">${items.join('')}</ol></section>`
}
