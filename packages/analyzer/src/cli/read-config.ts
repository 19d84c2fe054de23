import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DB_LEVELS, type DbLevel, DbsafeError, isDbLevel } from '@dbsafe/core'

/** The config file `dbsafe analyze` reads at the project root. */
export const CONFIG_FILE = 'dbsafe.config.json'

/** `dbsafe.config.json`, validated. */
export interface AnalyzeConfig {
  /** Globs of test files. Default: `**\/*.{test,spec}.?(c|m)[jt]s?(x)`. */
  include: string[]
  /** Globs never analysed; node_modules, dist and .git are always excluded. */
  exclude: string[]
  /** Globs mapped to levels (they win over analysis, not over an annotation). Default {}. */
  levels: Record<string, DbLevel>
  /** Level for evidence that cannot be read statically. Default `shared-writes`. */
  fallbackLevel: DbLevel
  /** Vitest setupFiles whose evidence counts for every file. Default []. */
  setupFiles: string[]
}

/** The default test file globs, as Vitest's. */
export const DEFAULT_INCLUDE = ['**/*.{test,spec}.?(c|m)[jt]s?(x)']

/** Always excluded. */
export const ALWAYS_EXCLUDE = ['**/node_modules/**', '**/dist/**', '**/.git/**']

const KEYS = ['include', 'exclude', 'levels', 'fallbackLevel', 'setupFiles']

function fail(problem: string, hint: string): never {
  throw new DbsafeError('DBSAFE_CONFIG_INVALID', `${CONFIG_FILE}: ${problem}`, { hint })
}

function stringList(value: unknown, key: string): string[] {
  if (value === undefined) return []
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    fail(`"${key}" must be an array of glob strings.`, `Write it as "${key}": ["tests/**/*.test.ts"].`)
  }
  return value as string[]
}

/** Reads and validates `<root>/dbsafe.config.json`; defaults when the file does not exist. */
export function readAnalyzeConfig(root: string): AnalyzeConfig {
  let text: string | undefined
  try {
    text = readFileSync(join(root, CONFIG_FILE), 'utf8')
  } catch {
    text = undefined
  }
  if (text === undefined)
    return {
      include: DEFAULT_INCLUDE,
      exclude: [],
      levels: {},
      fallbackLevel: 'shared-writes',
      setupFiles: [],
    }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (cause) {
    throw new DbsafeError(
      'DBSAFE_CONFIG_INVALID',
      `${CONFIG_FILE} is not valid JSON: ${(cause as Error).message}.`,
      {
        cause,
        hint: 'Fix the JSON syntax (no comments, no trailing commas).',
      },
    )
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    fail('the top level must be an object.', 'See docs/analyzer.md for the format.')
  const config = raw as Record<string, unknown>
  const unknown = Object.keys(config).filter((key) => !KEYS.includes(key))
  if (unknown.length > 0) fail(`unknown key "${unknown[0]}".`, `Use only ${KEYS.join(', ')}.`)
  const levels: Record<string, DbLevel> = {}
  if (config.levels !== undefined) {
    if (typeof config.levels !== 'object' || config.levels === null || Array.isArray(config.levels)) {
      fail(
        '"levels" must map globs to level names.',
        'Write it as "levels": { "tests/e2e/**": "sequential" }.',
      )
    }
    for (const [glob, level] of Object.entries(config.levels)) {
      if (!isDbLevel(level))
        fail(
          `"levels" maps "${glob}" to "${String(level)}", which is not a level.`,
          `Use one of ${DB_LEVELS.join(', ')}.`,
        )
      levels[glob] = level
    }
  }
  const fallbackLevel = config.fallbackLevel ?? 'shared-writes'
  if (!isDbLevel(fallbackLevel))
    fail(
      `"fallbackLevel" is "${String(fallbackLevel)}", which is not a level.`,
      `Use one of ${DB_LEVELS.join(', ')}.`,
    )
  const include = stringList(config.include, 'include')
  return {
    include: include.length > 0 ? include : DEFAULT_INCLUDE,
    exclude: stringList(config.exclude, 'exclude'),
    levels,
    fallbackLevel,
    setupFiles: stringList(config.setupFiles, 'setupFiles'),
  }
}
