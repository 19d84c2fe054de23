import type { FileAnalysis, LevelRecommendation } from '@dbsafe/core'
import type { Colors } from 'picocolors/types.js'

/** What a file did over its recent runs, counted by kind: `41 read, 3 write`. */
function countsLine(counts: Record<string, number>): string {
  const parts = Object.entries(counts).map(([kind, count]) => `${count} ${kind}`)
  return parts.length ? parts.join(', ') : 'nothing on its database'
}

/**
 * `dbsafe analyze --explain <file>`: the level, where it came from (`learned` when an earlier run saw the file need
 * it), every piece of evidence and its import chain, and a lower level its recent runs recommend, if any.
 */
export function formatExplain(
  analysis: FileAnalysis,
  colors: Colors,
  recommendation?: LevelRecommendation,
): string {
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
  if (recommendation)
    lines.push(
      '',
      colors.yellow(
        `recommended: ${recommendation.level} — its last ${recommendation.runs} runs at ${recommendation.ranAt} passed and never needed more (${countsLine(recommendation.counts)}). dbsafe never lowers a level by itself: put \`// @db-level ${recommendation.level}\` before its first test if you agree.`,
      ),
    )
  if (analysis.source === 'learned')
    lines.push(
      '',
      colors.dim(
        'Learned: an earlier run saw this file do more than analysis found; the level holds while the file and its imports are unchanged.',
      ),
    )
  lines.push(
    '',
    colors.dim(
      `To override: add \`// @db-level <level>\` before the first test, or map a glob in dbsafe.config.json "levels".`,
    ),
  )
  return `${lines.join('\n')}\n`
}
