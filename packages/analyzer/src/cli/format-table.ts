import { type AnalysisManifest, DB_LEVELS, decidingReason, formatReasonLocation } from '@dbsafe/core'
import type { Colors } from 'picocolors/types.js'

/** The `dbsafe analyze` table: files grouped by level (strongest isolation first), each with its deciding reason. */
export function formatTable(manifest: AnalysisManifest, colors: Colors): string {
  const lines: string[] = []
  const width = Math.min(60, Math.max(0, ...manifest.files.map((file) => file.file.length)))
  for (const level of [...DB_LEVELS].reverse()) {
    const files = manifest.files.filter((file) => file.level === level)
    if (files.length === 0) continue
    lines.push(colors.bold(`${level} (${files.length})`))
    for (const file of files) {
      const reason = decidingReason(file)
      const why = reason
        ? `${reason.text}  ${colors.dim(formatReasonLocation(reason))}`
        : colors.dim('no database evidence')
      const marks = [
        file.source !== 'analysis' ? file.source : '',
        file.uncertain ? 'uncertain' : '',
        file.error ? 'error' : '',
      ]
        .filter(Boolean)
        .map((mark) => colors.yellow(`[${mark}]`))
      lines.push(`  ${file.file.padEnd(width)}  ${[...marks, why].join(' ')}`)
    }
    lines.push('')
  }
  const counts = DB_LEVELS.map(
    (level) => `${manifest.files.filter((file) => file.level === level).length} ${level}`,
  )
  lines.push(`${manifest.files.length} files: ${counts.join(', ')}`)
  return `${lines.join('\n')}\n`
}
