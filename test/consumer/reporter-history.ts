import { readFileSync } from 'node:fs'
import { join } from 'node:path'

interface HistoryFile {
  file: string
  state: string
  level?: string
}

/**
 * The level DbsafeReporter recorded for each file in the project's latest run (.vitest/dbsafe/history.json),
 * or `unclassified` when the file ran without dbsafe's context: what users see in the summary.
 */
export function recordedLevels(projectDir: string): Record<string, string> {
  const history = JSON.parse(readFileSync(join(projectDir, '.vitest', 'dbsafe', 'history.json'), 'utf8')) as {
    runs: { files: HistoryFile[] }[]
  }
  const files = history.runs.at(-1)?.files ?? []
  return Object.fromEntries(files.map((file) => [file.file, file.level ?? 'unclassified']))
}
