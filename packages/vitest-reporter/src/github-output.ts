import { historyFileKey } from '@dbsafe/core'
import type { FailedTest } from './failed-tests'
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
import { firstLine } from './test-failures'
import { verdictOf } from './verdict'

/** GitHub rejects job summaries over 1 MiB; stay well under it. */
export const JOB_SUMMARY_LIMIT_BYTES = 1_000_000

/** A table cell: one line, pipes escaped, and no HTML (GitHub renders tags in a summary). */
const cell = (text: string): string =>
  text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/&/g, '&amp;').replace(/</g, '&lt;')

function table(head: string[], rows: string[][]): string[] {
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ]
}

/**
 * The GitHub job summary (Markdown). Sections are added whole, most important first, while they fit in
 * `limitBytes`; the rest is named in a closing line.
 */
export function jobSummaryMarkdown(
  summary: RunSummary,
  limitBytes: number = JOB_SUMMARY_LIMIT_BYTES,
): string {
  const { run, tests } = summary
  const slow = summary.slowdowns.filter((s) => s.kind === 'slowdown')
  const errors = summary.problems.filter((problem) => problem.severity === 'error')
  const verdict = verdictOf(summary)
  const sections: [string, string[]][] = [
    [
      'verdict',
      [
        `## ${verdict.mark} dbsafe: ${verdict.line.slice(2)}`,
        '',
        `${run.files.length} files, ${tests.passed + tests.failed + tests.skipped} tests (${tests.passed} passed, ${tests.failed} failed, ${tests.skipped} skipped, ${tests.retried} retried) in ${formatMs(run.wallMs)} · ${formatMs(summary.fileTimeMs)} file time · history of ${summary.historyRuns} runs`,
        ...(Object.keys(summary.connections).length
          ? ['', `Connections: ${formatConnections(summary.connections)}`]
          : []),
        ...poolLines(summary),
        '',
      ],
    ],
    [
      'not isolated',
      summary.problems.length
        ? [
            `### ✗ ${errors.length} ${errors.length === 1 ? 'file' : 'files'} not isolated${errors.length ? ' — the run fails' : ''}`,
            '',
            ...table(
              ['', 'file', 'problem'],
              summary.problems.map((problem) => [
                problem.severity === 'error' ? '✗ error' : '⚠ warning',
                `${problem.file}${problem.project ? ` [${problem.project}]` : ''}`,
                problem.message,
              ]),
            ),
            '',
          ]
        : [],
    ],
    ['failed tests', failedTestsSection(summary)],
    ['misclassified', misclassifiedSection(summary)],
    [
      'flaky tests',
      [
        '',
        `### Flaky tests (${flakyListing(summary.flaky, summary.flaky.length).heading})`,
        '',
        ...(summary.flaky.length
          ? table(
              ['tier', 'test', 'evidence'],
              flakyListing(summary.flaky, summary.flaky.length).shown.map((f) => [
                `${f.tier}${f.isNew ? ' (new)' : ''}`,
                `${f.file} › ${f.name}`,
                f.evidence,
              ]),
            )
          : ['None.']),
      ],
    ],
    [
      'slowdowns',
      [
        '',
        `### Slowdowns (${slow.length})`,
        '',
        ...(slow.length
          ? table(
              ['slower by', 'test', 'baseline → recent', 'evidence'],
              slow.map((s) => [
                `+${Math.round((s.ratio - 1) * 100)}%`,
                `${s.file} › ${s.name}`,
                `${formatMs(s.baselineMs)} → ${formatMs(s.recentMs)}`,
                `${s.samples} baseline runs, spread ${formatShare(s.spread)}`,
              ]),
            )
          : ['None sustained.']),
      ],
    ],
    [
      'recommendations',
      summary.recommendations.length
        ? [
            '',
            '### Recommendations',
            '',
            ...summary.recommendations.map((r) => `- ${r.text}  \n  _evidence: ${r.evidence}_`),
          ]
        : [],
    ],
    [
      'shards',
      summary.shardCheck
        ? [
            '',
            `### Shards (${summary.shardCheck.count})`,
            '',
            ...table(
              ['shard', 'files', 'file time', 'predicted'],
              summary.shardCheck.shards.map((s) => [
                String(s.index),
                String(s.files),
                formatMs(s.costMs),
                formatMs(s.predictedMs),
              ]),
            ),
            '',
            `${(summary.shardCheck.imbalance * 100).toFixed(1)}% over the lower bound; predictions off by ${formatShare(summary.shardCheck.predictionError)} on average. ${summary.shardCheck.problems.length ? `Problems: ${summary.shardCheck.problems.join('; ')}` : 'Every file ran exactly once.'}`,
          ]
        : [],
    ],
    [
      'slowest files',
      [
        '',
        '### Slowest files',
        '',
        ...table(
          ['time', 'file', 'level', 'isolation'],
          summary.slowestFiles.map((f) => [formatMs(f.costMs), f.file, f.level ?? '', f.isolation ?? '']),
        ),
      ],
    ],
    [
      'time by level',
      [
        '',
        '### Time by level and isolation',
        '',
        ...table(
          ['level', 'isolation', 'files', 'time'],
          summary.byLevel.map((r) => [r.level, r.isolation, String(r.files), formatMs(r.costMs)]),
        ),
      ],
    ],
  ]
  let out = ''
  const left: string[] = []
  for (const [name, lines] of sections) {
    const text = lines.length ? `${lines.join('\n')}\n` : ''
    if (Buffer.byteLength(out + text) + 200 > limitBytes) left.push(name)
    else out += text
  }
  if (left.length)
    out += `\n_Left out to stay under GitHub's 1 MiB limit: ${left.join(', ')}. See the HTML report._\n`
  return out
}

/** Failed tests listed in the job summary; the rest are counted and left to the HTML report. */
const FAILED_ROWS = 50

/** The job summary's table of failed tests: where each failed, its file's level and isolation, the error's first line. */
function failedTestsSection(summary: RunSummary): string[] {
  const failed = summary.failedTests
  if (!failed.length) return []
  const fileOf = new Map(summary.run.files.map((file) => [historyFileKey(file.project, file.file), file]))
  const rows = failed.slice(0, FAILED_ROWS).map((failure) => {
    const file = fileOf.get(historyFileKey(failure.project, failure.file))
    const level = file?.level ? `${file.level} / ${file.isolation ?? '?'}` : '—'
    return [
      failure.test ?? '(the file itself)',
      `\`${failure.at ?? failure.file}\``,
      level,
      firstLine(failure),
    ]
  })
  return [
    `### ✗ Failed tests (${failed.length})`,
    '',
    ...table(['test', 'where', 'level / isolation', 'error'], rows),
    ...(failed.length > FAILED_ROWS
      ? ['', `…and ${failed.length - FAILED_ROWS} more: see the HTML report.`]
      : []),
    '',
  ]
}

/** The job summary's table of files that ran below the level they need (the runtime guard). */
function misclassifiedSection(summary: RunSummary): string[] {
  const files = misclassifiedFiles(summary.run)
  if (!files.length) return []
  return [
    `### ⚠ ${files.length} ${files.length === 1 ? 'file' : 'files'} ran below the level ${files.length === 1 ? 'it needs' : 'they need'}`,
    '',
    ...table(
      ['file', 'level', 'evidence', 'fix'],
      files.map(({ file, project, finding }) => [
        `${file}${project ? ` [${project}]` : ''}`,
        headline(finding),
        finding.evidence.map(evidenceLine).join('; '),
        finding.fix,
      ]),
    ),
    '',
    'The next run starts them at that level while they and their imports are unchanged.',
    '',
  ]
}

const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C')

type Annotation = { file?: string; line?: number; col?: number; title: string; message: string }

/** Workflow commands of one kind, at most `max`; a last one says how many were left out. */
function capped(kind: 'error' | 'warning', all: Annotation[], max: number): string[] {
  const shown = all.length > max ? all.slice(0, max - 1) : all
  const lines = shown.map(
    (a) =>
      `::${kind} ${a.file ? `file=${escapeProperty(a.file)},` : ''}${a.line ? `line=${a.line},` : ''}${a.col ? `col=${a.col},` : ''}title=${escapeProperty(a.title)}::${escapeData(a.message)}`,
  )
  if (all.length > max)
    lines.push(`::notice title=dbsafe::${all.length - shown.length} more findings are in the job summary`)
  return lines
}

/** Where a failure points an annotation: the `file:line:column` the stack names, else the test file. */
function failureAnnotation(failure: FailedTest): Annotation {
  const at = /^(.*):(\d+):(\d+)$/.exec(failure.at ?? '')
  const where = at
    ? { file: at[1] as string, line: Number(at[2]), col: Number(at[3]) }
    : { file: failure.file }
  return {
    ...where,
    title: failure.test ? `failed: ${failure.test}` : `failed: ${failure.file}`,
    message: [failure.message, ...(failure.stack ?? []).map((frame) => `    at ${frame}`)].join('\n'),
  }
}

/** Which annotations to print. */
export interface AnnotationOptions {
  /**
   * An `::error` per failed test, at the line that threw. Off when Vitest's own `github-actions` reporter runs
   * too (it annotates failures already). @default true
   */
  failures?: boolean
}

/**
 * Workflow commands: `::error` for every file not isolated, then for every failed test at the line that threw
 * (at most `max` in all), then `::warning`s, most important first (files whose database stayed unused, shard
 * problems, new certain flaky tests, slowdowns, suspected flaky tests, recommendations), at most `max`; each
 * kind ends with a notice of how many were left out. GitHub shows up to 10 of each kind per step.
 */
export function githubAnnotations(summary: RunSummary, max = 10, options: AnnotationOptions = {}): string[] {
  const problems = (severity: 'error' | 'warning'): Annotation[] =>
    summary.problems
      .filter((problem) => problem.severity === severity)
      .map((problem) => ({
        file: problem.file,
        title: severity === 'error' ? 'dbsafe: not isolated' : 'dbsafe: own database unused',
        message: problem.message,
      }))
  const warnings: Annotation[] = [
    ...misclassifiedFiles(summary.run).map(({ file, finding }) => ({
      file,
      title: `dbsafe: level too low (${finding.ranAt} → ${finding.needs})`,
      message: `${headline(finding)}. Evidence: ${finding.evidence.map(evidenceLine).join('; ')}. Fix: ${finding.fix}.`,
    })),
    ...interferedFiles(summary.run).map(({ file, interference }) => ({
      file,
      title: 'dbsafe: rerun after interference',
      message: `a file beside it took the server from it; ${interferenceLine(interference)}`,
    })),
    ...problems('warning'),
    ...(summary.shardCheck?.problems ?? []).map((problem) => ({
      title: 'dbsafe: shard plan broken',
      message: problem,
    })),
    ...summary.flaky
      .filter((f) => f.tier === 'certain' && f.isNew)
      .map((f) => ({ file: f.file, title: `dbsafe: flaky test ${f.name}`, message: f.evidence })),
    ...summary.slowdowns
      .filter((s) => s.kind === 'slowdown')
      .map((s) => ({
        file: s.file,
        title: `dbsafe: ${s.name} is ${Math.round((s.ratio - 1) * 100)}% slower`,
        message: `${formatMs(s.baselineMs)} → ${formatMs(s.recentMs)}, sustained over the last runs (baseline of ${s.samples} runs)`,
      })),
    ...summary.flaky
      .filter((f) => f.tier === 'suspected' && f.isNew)
      .map((f) => ({ file: f.file, title: `dbsafe: possibly flaky ${f.name}`, message: f.evidence })),
    ...summary.recommendations.map((r) => ({
      ...(r.file ? { file: r.file } : {}),
      title: 'dbsafe: recommendation',
      message: `${r.text} (${r.evidence})`,
    })),
  ]
  const failures = options.failures === false ? [] : summary.failedTests.map(failureAnnotation)
  return [...capped('error', [...problems('error'), ...failures], max), ...capped('warning', warnings, max)]
}

/** The dbsafe pool's waits and start-up cost, when the pool ran. */
function poolLines(summary: RunSummary): string[] {
  const line = summary.pool && formatPoolLine(summary.pool)
  return line ? ['', line] : []
}
