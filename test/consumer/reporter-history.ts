import { readFileSync } from 'node:fs'
import { join } from 'node:path'

interface HistoryFile {
  file: string
  state: string
  level?: string
  misclassified?: { ranAt: string; needs: string; rerun?: { level: string; state: string } }
  interference?: { cause: string }
}

function latestRunFiles(projectDir: string): HistoryFile[] {
  const history = JSON.parse(readFileSync(join(projectDir, '.vitest', 'dbsafe', 'history.json'), 'utf8')) as {
    runs: { files: HistoryFile[] }[]
  }
  return history.runs.at(-1)?.files ?? []
}

/**
 * The level DbsafeReporter recorded for each file in the project's latest run (.vitest/dbsafe/history.json),
 * or `unclassified` when the file ran without dbsafe's context: what users see in the summary.
 */
export function recordedLevels(projectDir: string): Record<string, string> {
  return Object.fromEntries(
    latestRunFiles(projectDir).map((file) => [file.file, file.level ?? 'unclassified']),
  )
}

/**
 * What the runtime guard found in the project's latest run, per file it found something in: a file that did more
 * than its level allows (`ran at none, needs read-only, not rerun`), or one rerun because a file beside it
 * interfered.
 */
export function guardFindings(projectDir: string): Record<string, string> {
  const findings: Record<string, string> = {}
  for (const file of latestRunFiles(projectDir)) {
    const { misclassified, interference } = file
    if (misclassified) {
      const rerun = misclassified.rerun
        ? `rerun at ${misclassified.rerun.level}: ${misclassified.rerun.state}`
        : 'not rerun'
      findings[file.file] = `ran at ${misclassified.ranAt}, needs ${misclassified.needs}, ${rerun}`
    } else if (interference) findings[file.file] = `rerun after interference: ${interference.cause}`
  }
  return findings
}
