/** One run of the repeat-runs test: its result, as the table counts it. */
export interface RepeatRun {
  /** Every file ran and passed its tests, on its own database with its level's guarantees. */
  clean: boolean
  /** Files that failed, or never ran. */
  failedFiles: number
  ms: number
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

/** Package manager → its runs, as a table: runs, clean runs, failed files, median and range of run times. */
export function repeatTable(runs: Map<string, RepeatRun[]>): string {
  const header = [
    'installed with',
    'runs',
    'every file passed + isolated',
    'files failed',
    'median run',
    'min–max',
  ]
  const rows = [...runs].map(([manager, list]) => {
    const times = list.map((run) => run.ms)
    return [
      manager,
      String(list.length),
      String(list.filter((run) => run.clean).length),
      String(list.reduce((sum, run) => sum + run.failedFiles, 0)),
      list.length ? seconds(median(times)) : '-',
      list.length ? `${seconds(Math.min(...times))}–${seconds(Math.max(...times))}` : '-',
    ]
  })
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => row[column]?.length ?? 0)),
  )
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`
  return [
    line(header),
    `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`,
    ...rows.map(line),
  ].join('\n')
}
