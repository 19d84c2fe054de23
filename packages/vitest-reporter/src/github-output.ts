import { formatConnections } from './format-connections'
import { formatMs, formatShare } from './format-duration'
import {
  evidenceLine,
  headline,
  interferedFiles,
  interferenceLine,
  misclassifiedFiles,
} from './misclassified'
import type { RunSummary } from './run-summary'

/** GitHub rejects job summaries over 1 MiB; stay well under it. */
export const JOB_SUMMARY_LIMIT_BYTES = 1_000_000

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ')

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
  const sections: [string, string[]][] = [
    [
      'not isolated',
      summary.problems.length
        ? [
            `## ✗ dbsafe: ${errors.length} ${errors.length === 1 ? 'file' : 'files'} not isolated${errors.length ? ' — the run fails' : ''}`,
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
    ['misclassified', misclassifiedSection(summary)],
    [
      'totals',
      [
        `## dbsafe: ${run.files.length} files, ${tests.passed + tests.failed + tests.skipped} tests in ${formatMs(run.wallMs)}`,
        '',
        `${tests.passed} passed, ${tests.failed} failed, ${tests.skipped} skipped, ${tests.retried} retried · ${formatMs(summary.fileTimeMs)} file time · history of ${summary.historyRuns} runs`,
        ...(Object.keys(summary.connections).length
          ? ['', `Connections: ${formatConnections(summary.connections)}`]
          : []),
      ],
    ],
    [
      'flaky tests',
      [
        '',
        `### Flaky tests (${summary.flaky.filter((f) => f.isNew).length} new)`,
        '',
        ...(summary.flaky.length
          ? table(
              ['tier', 'test', 'evidence'],
              summary.flaky.map((f) => [
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

/** The job summary's table of files that ran below the level they need (the runtime guard). */
function misclassifiedSection(summary: RunSummary): string[] {
  const files = misclassifiedFiles(summary.run)
  if (!files.length) return []
  return [
    `## ⚠ dbsafe: ${files.length} ${files.length === 1 ? 'file' : 'files'} ran below the level ${files.length === 1 ? 'it needs' : 'they need'}`,
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

type Annotation = { file?: string; title: string; message: string }

/** Workflow commands of one kind, at most `max`; a last one says how many were left out. */
function capped(kind: 'error' | 'warning', all: Annotation[], max: number): string[] {
  const shown = all.length > max ? all.slice(0, max - 1) : all
  const lines = shown.map(
    (a) =>
      `::${kind} ${a.file ? `file=${escapeProperty(a.file)},` : ''}title=${escapeProperty(a.title)}::${escapeData(a.message)}`,
  )
  if (all.length > max)
    lines.push(`::notice title=dbsafe::${all.length - shown.length} more findings are in the job summary`)
  return lines
}

/**
 * Workflow commands: `::error` for every file not isolated (at most `max`), then `::warning`s, most important
 * first (files whose database stayed unused, shard problems, new certain flaky tests, slowdowns, suspected flaky
 * tests, recommendations), at most `max`; each kind ends with a notice of how many were left out. GitHub shows up
 * to 10 of each kind per step.
 */
export function githubAnnotations(summary: RunSummary, max = 10): string[] {
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
  return [...capped('error', problems('error'), max), ...capped('warning', warnings, max)]
}
