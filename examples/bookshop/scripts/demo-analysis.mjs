// `dbsafe analyze --json`, folded into one line per level: how many files, and one file with its deciding reason.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'

const LEVELS = ['none', 'read-only', 'isolated-writes', 'shared-writes', 'schema-changes', 'sequential']

/** `file:line why` (`file → helper:line why` when the evidence is in a helper); `why` is the part of the reason's text after ` — `. */
function describe(file, reason) {
  const [statement, why] = reason.text.split(' — ')
  const where = reason.file === file ? `${file}:${reason.line}` : `${file} → ${reason.file}:${reason.line}`
  return `${where.replace(/(^|→ )test\//g, '$1')}  ${why ?? statement}`
}

/**
 * @param {string} root the example's folder
 * @returns {{ level: string, count: number, example?: { file: string, reason: string } }[]}
 */
export function analyzeByLevel(root) {
  const result = spawnSync(
    join(root, 'node_modules/.bin/dbsafe'),
    ['analyze', 'test/**/*.test.ts', '--json'],
    {
      cwd: root,
      encoding: 'utf8',
    },
  )
  if (result.status !== 0) throw new Error(`dbsafe analyze failed:\n${result.stderr}${result.stdout}`)
  const { files } = JSON.parse(result.stdout)
  return LEVELS.map((level) => {
    const atLevel = files.filter((f) => f.level === level)
    const chosen = atLevel.find((f) => f.reasons.some((r) => r.level === level)) ?? atLevel[0]
    const reason = chosen?.reasons.find((r) => r.level === level)
    return {
      level,
      count: atLevel.length,
      example: chosen && {
        file: chosen.file,
        reason: reason ? describe(chosen.file, reason) : `${chosen.file}  reaches no database client`,
      },
    }
  })
}
