import pc from 'picocolors'
import { flakyListing } from './flaky-listing'
import { formatConnections } from './format-connections'
import { formatMs, formatShare } from './format-duration'
import {
  evidenceLine,
  headline,
  interferedFiles,
  interferenceLine,
  misclassifiedFiles,
} from './misclassified'
import { formatPoolLine } from './pool-timings'
import type { RunSummary } from './run-summary'

type Colors = ReturnType<typeof pc.createColors>

/** Flaky tests listed in the terminal; the rest are counted. */
const FLAKY_ROWS = 10

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`

/**
 * The terminal summary: plain lines that read well without a TTY; colours only when picocolors allows
 * them (`NO_COLOR` and non-TTY output turn them off).
 */
export function formatTerminalSummary(
  summary: RunSummary,
  colors: Colors = pc.createColors(pc.isColorSupported),
): string {
  const c = colors
  const { run, tests } = summary
  const lines: string[] = []
  const section = (title: string): void => {
    lines.push('', c.bold(title))
  }
  const part = run.shard
    ? ` (shard ${run.shard.index}/${run.shard.count})`
    : run.merged
      ? ' (merged shards)'
      : ''
  lines.push(
    `${c.cyan(c.bold('dbsafe'))}${part}: ${run.files.length} files, ${tests.passed + tests.failed + tests.skipped} tests ` +
      `(${c.green(`${tests.passed} passed`)}, ${tests.failed ? c.red(`${tests.failed} failed`) : '0 failed'}, ${tests.skipped} skipped` +
      `${tests.retried ? `, ${c.yellow(`${tests.retried} retried`)}` : ''}) in ${formatMs(run.wallMs)} wall, ${formatMs(summary.fileTimeMs)} file time; ` +
      `history: ${summary.historyRuns} run${summary.historyRuns === 1 ? '' : 's'}`,
  )
  const notIsolated = summary.problems.filter((problem) => problem.severity === 'error').length
  if (notIsolated)
    lines.push(c.red(`✗ ${plural(notIsolated, 'file')} not isolated: see "Not isolated" below`))
  const misclassified = misclassifiedFiles(run)
  if (misclassified.length)
    lines.push(
      c.yellow(
        `! ${plural(misclassified.length, 'file')} ran below the level ${misclassified.length === 1 ? 'it needs' : 'they need'}: see "Misclassified" below`,
      ),
    )
  section('Slowest files')
  for (const file of summary.slowestFiles) {
    const level = file.level ? c.dim(` ${file.level} / ${file.isolation ?? '?'}`) : ''
    lines.push(`  ${formatMs(file.costMs).padStart(7)}  ${file.file}${level}`)
  }
  section('Slowest tests')
  for (const test of summary.slowestTests) {
    lines.push(`  ${formatMs(test.durationMs).padStart(7)}  ${test.file} › ${test.name}`)
  }
  section('Time by level and isolation')
  for (const row of summary.byLevel) {
    const share = summary.fileTimeMs > 0 ? row.costMs / summary.fileTimeMs : 0
    lines.push(
      `  ${row.level.padEnd(16)} ${row.isolation.padEnd(22)} ${String(row.files).padStart(4)} files ${formatMs(row.costMs).padStart(7)} ${formatShare(share).padStart(4)}`,
    )
  }
  const connections = Object.entries(summary.connections)
  if (connections.length) {
    section('Connections')
    lines.push(`  ${formatConnections(summary.connections)}`)
  }
  const flaky = flakyListing(summary.flaky, FLAKY_ROWS)
  section(`Flaky tests (${flaky.heading})`)
  if (!summary.flaky.length) lines.push(c.dim('  none'))
  for (const finding of flaky.shown) {
    const tier = finding.tier === 'certain' ? c.red('certain  ') : c.yellow('suspected')
    const fresh = finding.isNew ? c.red(' new') : ''
    lines.push(
      `  ${tier}${fresh} ${finding.file} › ${finding.name}`,
      c.dim(`            ${finding.evidence}`),
    )
  }
  if (flaky.more) lines.push(c.dim(`  … and ${flaky.more} more in the HTML report`))
  const slow = summary.slowdowns.filter((s) => s.kind === 'slowdown')
  const erratic = summary.slowdowns.length - slow.length
  section(`Slowdowns (${slow.length}${erratic ? `, ${erratic} erratic tests not judged` : ''})`)
  if (!slow.length) lines.push(c.dim('  none sustained'))
  for (const finding of slow.slice(0, 10)) {
    lines.push(
      `  ${c.red(`+${Math.round((finding.ratio - 1) * 100)}%`)} ${finding.file} › ${finding.name}`,
      c.dim(
        `        ${formatMs(finding.baselineMs)} → ${formatMs(finding.recentMs)} over the last runs; baseline of ${finding.samples} runs, spread ${formatShare(finding.spread)}`,
      ),
    )
  }
  if (summary.plan) {
    const p = summary.plan
    section('Shard plan')
    lines.push(
      `  shard ${p.index}/${p.count}: ${p.shardFiles} of ${p.files} files, predicted ${formatMs(p.predictedMs)}, ` +
        `${(p.predictedImbalance * 100).toFixed(1)}% over the lower bound; plan ${p.hash}, history ${p.snapshot}`,
    )
  }
  if (summary.shardCheck) {
    const check = summary.shardCheck
    section(`Shards (${check.count})`)
    lines.push(
      `  ${check.shards.map((s) => `#${s.index} ${s.files} files ${formatMs(s.costMs)}`).join(' · ')}; ` +
        `${(check.imbalance * 100).toFixed(1)}% over the lower bound; predicted shard times off by ${formatShare(check.predictionError)} on average`,
    )
    if (!check.problems.length) lines.push(c.green('  every file ran exactly once under one plan'))
    for (const problem of check.problems) lines.push(c.red(`  ✗ ${problem}`))
  }
  if (misclassified.length) {
    section(c.yellow(`Misclassified (${misclassified.length}): what they did needs a higher level`))
    for (const { project, file, finding } of misclassified) {
      const failed = finding.rerun?.state === 'failed'
      lines.push(
        `  ${failed ? c.red('✗') : c.yellow('!')} ${file}${project ? c.dim(` [${project}]`) : ''}: ${headline(finding)}`,
      )
      for (const evidence of finding.evidence) lines.push(c.dim(`      ${evidenceLine(evidence)}`))
      lines.push(`      fix: ${finding.fix}`)
    }
    lines.push(
      c.dim(
        '  Remembered: the next run starts them at that level while they and their imports are unchanged.',
      ),
    )
  }
  const interfered = interferedFiles(run)
  if (interfered.length) {
    section(`Rerun after interference (${interfered.length}): a file beside them took the server from them`)
    for (const { project, file, interference } of interfered) {
      const mark = interference.rerun.state === 'failed' ? c.red('✗') : c.yellow('!')
      lines.push(
        `  ${mark} ${file}${project ? c.dim(` [${project}]`) : ''}: ${interferenceLine(interference)}`,
      )
    }
  }
  if (summary.recommendations.length) {
    section('Recommendations')
    for (const rec of summary.recommendations.slice(0, 8))
      lines.push(`  • ${rec.text}`, c.dim(`    evidence: ${rec.evidence}`))
  }
  if (summary.problems.length) {
    const errors = summary.problems.filter((problem) => problem.severity === 'error').length
    const warnings = summary.problems.length - errors
    section(c.red(`Not isolated (${plural(errors, 'error')}, ${plural(warnings, 'warning')})`))
    for (const problem of summary.problems) {
      const mark = problem.severity === 'error' ? c.red('✗') : c.yellow('!')
      const project = problem.project ? c.dim(` [${problem.project}]`) : ''
      lines.push(`  ${mark} ${problem.file}${project}`, `      ${problem.message}`)
    }
    if (errors)
      lines.push(
        c.red(`  The run fails: dbsafe cannot vouch for the isolation of ${plural(errors, 'file')}.`),
      )
  }
  const pool = summary.pool && formatPoolLine(summary.pool)
  lines.push('', ...(pool ? [pool] : []))
  lines.push(
    c.dim(
      `History: ${summary.historyLocation}${summary.htmlPath ? ` · report: ${summary.htmlPath}` : ''} · reporter ${formatMs(run.reporterMs)}`,
    ),
  )
  return `${lines.join('\n')}\n`
}
