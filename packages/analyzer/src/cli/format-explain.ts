import type { FileAnalysis } from '@dbsafe/core'
import type { Colors } from 'picocolors/types.js'

/** `dbsafe analyze --explain <file>`: the level, where it came from, every piece of evidence and its import chain. */
export function formatExplain(analysis: FileAnalysis, colors: Colors): string {
  const lines = [
    `${colors.bold(analysis.file)}: ${colors.bold(analysis.level)} (decided by ${analysis.source}${analysis.uncertain ? ', uncertain' : ''})`,
    `clients reached: ${analysis.clients.length > 0 ? analysis.clients.join(', ') : 'none'}`,
  ]
  if (analysis.error) lines.push(colors.red(`error: ${analysis.error}`))
  if (analysis.reasons.length === 0)
    lines.push('no database evidence: nothing in the file or its imports reaches a database')
  else lines.push('', `evidence (${analysis.reasons.length}, strongest first; the first one decides):`)
  analysis.reasons.forEach((reason, index) => {
    const marker = index === 0 ? colors.green('→') : ' '
    lines.push(
      `${marker} ${reason.level.padEnd(15)} ${reason.kind.padEnd(10)} ${reason.file}:${reason.line}:${reason.column}`,
    )
    lines.push(`    ${reason.text}`)
    if (reason.via) lines.push(colors.dim(`    imported through ${[...reason.via, reason.file].join(' → ')}`))
  })
  lines.push(
    '',
    colors.dim(
      `To override: add \`// @db-level <level>\` before the first test, or map a glob in dbsafe.config.json "levels".`,
    ),
  )
  return `${lines.join('\n')}\n`
}
