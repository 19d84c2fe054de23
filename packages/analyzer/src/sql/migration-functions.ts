import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { levelRank } from '@dbsafe/core'
import { globSync } from 'tinyglobby'
import type { Effect } from '../evidence'
import { classifySql, loadSqlParser, summarize } from './classify-sql'
import type { ProjectFunction } from './project-functions'

/** Where migrations usually live (SQL files and TS/JS migrations that embed SQL). */
const MIGRATION_GLOBS = [
  '**/migrations/**/*.{sql,ts,js,mjs,cjs}',
  '**/prisma/migrations/**/*.sql',
  '**/drizzle/**/*.sql',
]
const IGNORE = ['**/node_modules/**', '**/dist/**', '**/.git/**']

const DEFINITION =
  /CREATE\s+(?:OR\s+REPLACE\s+)?(?:FUNCTION|PROCEDURE)\s+((?:"?\w+"?\.)?"?(\w+)"?)\s*\([^)]*\)[\s\S]*?\bAS\s+(\$\w*\$)([\s\S]*?)\3/gi

/** Statement keywords inside a function body; each starts a statement that is classified on its own. */
const BODY_STATEMENT =
  /\b(INSERT\s+INTO|UPDATE\s+[\w."]+\s+SET|DELETE\s+FROM|TRUNCATE|MERGE\s+INTO|CREATE\s+\w+|ALTER\s+\w+|DROP\s+\w+|GRANT|REVOKE|NOTIFY|LISTEN|SELECT|PERFORM)\b/gi

/** The effects of a function body: each statement in it, PL/pgSQL control flow ignored. */
function bodyEffects(body: string): Effect[] {
  const effects: Effect[] = []
  for (const match of body.matchAll(BODY_STATEMENT)) {
    const end = body.indexOf(';', match.index)
    const statement = body.slice(match.index, end < 0 ? undefined : end).replace(/^PERFORM\b/i, 'SELECT')
    effects.push(...classifySql(statement).effects)
  }
  return effects
}

/**
 * The functions and procedures the project's migrations define, each with the level of its body, and a
 * fingerprint of their definitions (part of the cache key; empty when there are none). Loads the SQL
 * parser only when there is something to classify.
 */
export async function readMigrationFunctions(
  root: string,
): Promise<{ functions: Map<string, ProjectFunction>; fingerprint: string }> {
  const definitions: Array<{ file: string; name: string; body: string }> = []
  for (const file of globSync(MIGRATION_GLOBS, { cwd: root, ignore: IGNORE }).sort()) {
    let text: string
    try {
      text = readFileSync(join(root, file), 'utf8')
    } catch {
      continue
    }
    for (const match of text.matchAll(DEFINITION)) {
      definitions.push({ file, name: (match[2] ?? '').toLowerCase(), body: match[4] ?? '' })
    }
  }
  const functions = new Map<string, ProjectFunction>()
  if (definitions.length === 0) return { functions, fingerprint: '' }
  await loadSqlParser()
  for (const { file, name, body } of definitions) {
    let best: Effect | undefined
    for (const effect of bodyEffects(body))
      if (!best || levelRank(effect.level) > levelRank(best.level)) best = effect
    if (!best) continue
    const previous = functions.get(name)
    if (!previous || levelRank(best.level) > levelRank(previous.level)) {
      functions.set(name, { level: best.level, why: `defined in ${file}: ${summarize(best.text)}` })
    }
  }
  return { functions, fingerprint: definitions.map((d) => `${d.file}:${d.name}:${d.body}`).join('\n') }
}
