import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { type Command, colorEnabled, parseCommandArgs } from '@dbsafe/core'
import pc from 'picocolors'
import { createHistoryStore } from './create-history-store'
import { detectFlaky } from './flaky'
import { formatTerminalSummary } from './format-terminal'
import { jobSummaryMarkdown } from './github-output'
import { renderHtmlReport } from './html-report'
import { logicalRuns } from './logical-runs'
import { HTML_REPORT_FILE } from './options'
import { recommend } from './recommendations'
import { summarize } from './run-summary'
import { detectSlowdowns } from './slowdowns'

const HELP = `Usage: dbsafe report [options]

Summarises the latest run of the history: slowest files and tests, time by level, flaky tests, slowdowns.

Options:
  --file <path>        history file (default .vitest/dbsafe/history.json)
  --url <postgres-url> read the PostgreSQL store instead
  --html <path>        also write the HTML report there (default ${HTML_REPORT_FILE})
  --markdown           print the GitHub job summary Markdown instead of the terminal summary
  --json               print the summary as JSON instead (the run, its slowest files and tests, time by
                       level, flaky tests, slowdowns, recommendations)
  -h, --help           show this help
`

/** `dbsafe report`: the summary and HTML report of the latest recorded run, without running tests. */
export const reportCommand: Command = async (args, context) => {
  const { values } = parseCommandArgs('report', args, {
    file: { type: 'string' },
    url: { type: 'string' },
    html: { type: 'string' },
    markdown: { type: 'boolean' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  })
  if (values.help) {
    context.stdout(HELP)
    return 0
  }
  const store = createHistoryStore(context.cwd, {
    ...(values.file ? { file: values.file } : {}),
    ...(values.url ? { url: values.url } : {}),
  })
  try {
    const runs = logicalRuns(await store.load())
    const latest = runs[runs.length - 1]
    if (!latest) {
      context.stderr(
        `dbsafe report: ${store.description} holds no runs yet. Run Vitest with the dbsafe reporter first.\n`,
      )
      return 1
    }
    const flaky = detectFlaky(runs)
    const htmlPath = values.html ?? HTML_REPORT_FILE
    const summary = summarize(latest, {
      historyRuns: runs.length,
      flaky,
      slowdowns: detectSlowdowns(runs),
      recommendations: recommend(latest, flaky),
      topCount: 5,
      historyLocation: store.description,
      htmlPath,
    })
    const path = resolve(context.cwd, htmlPath)
    await mkdir(dirname(path), { recursive: true })
    await writeFile(path, renderHtmlReport(runs, summary))
    if (values.json) context.stdout(`${JSON.stringify(summary, null, 2)}\n`)
    else if (values.markdown) context.stdout(jobSummaryMarkdown(summary))
    else context.stdout(formatTerminalSummary(summary, pc.createColors(colorEnabled(context))))
    return 0
  } finally {
    await store.close()
  }
}
