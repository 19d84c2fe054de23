// The fault suite's figures as a table.
import type { ScenarioResult } from './scenario-result.ts'

const COLUMNS = [
  'scenario',
  'runs',
  'kills',
  'leaked DBs',
  'leaked roles',
  'user DBs touched',
  'servers left running',
  's to exit (bound)',
  'hangs',
  'passwords printed',
  'exit codes',
] as const

function cells(result: ScenarioResult): string[] {
  const exit =
    result.secondsToExit === undefined
      ? '—'
      : `${result.secondsToExit.toFixed(1)} (≤ ${result.boundSeconds?.toFixed(0) ?? '?'})`
  return [
    result.name,
    String(result.runs),
    String(result.kills),
    String(result.leakedDatabases.length),
    String(result.leakedRoles.length),
    String(result.userDatabasesTouched),
    result.serversLeft === undefined ? '—' : String(result.serversLeft),
    exit,
    String(result.hangs),
    String(result.passwordsPrinted),
    result.exitCodes.map((code) => code ?? 'signal').join(' '),
  ]
}

/** A Markdown table of the results, a totals row, then each scenario's notes and the names of anything leaked. */
export function formatFaultTable(results: readonly ScenarioResult[]): string {
  const total = (pick: (result: ScenarioResult) => number) =>
    String(results.reduce((sum, result) => sum + pick(result), 0))
  const rows = [
    [...COLUMNS],
    ...results.map(cells),
    [
      'total',
      total((result) => result.runs),
      total((result) => result.kills),
      total((result) => result.leakedDatabases.length),
      total((result) => result.leakedRoles.length),
      total((result) => result.userDatabasesTouched),
      total((result) => result.serversLeft ?? 0),
      '',
      total((result) => result.hangs),
      total((result) => result.passwordsPrinted),
      '',
    ],
  ]
  const widths = COLUMNS.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)))
  const line = (row: string[]) =>
    `| ${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`
  const table = [line(rows[0] as string[]), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`]
  table.push(...rows.slice(1).map(line))
  const details = results.flatMap((result) => [
    ...result.notes.map((note) => `- ${result.name}: ${note}`),
    ...result.leakedDatabases.map((name) => `- ${result.name}: leaked database ${name}`),
    ...result.leakedRoles.map((name) => `- ${result.name}: leaked role ${name}`),
  ])
  return [...table, '', ...details].join('\n')
}
