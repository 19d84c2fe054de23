import { DbsafeError } from './errors'
import { DB_LEVELS, type DbLevel, isDbLevel } from './levels'

/** The version of the manifest format; bumped on any incompatible change. */
export const MANIFEST_SCHEMA_VERSION = 1

/** Where a piece of evidence came from. */
export const EVIDENCE_KINDS = [
  'client',
  'sql',
  'orm',
  'hook',
  'annotation',
  'config',
  'uncertain',
  'error',
  'observed',
] as const

/** The kind of a piece of evidence. */
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number]

/** One piece of evidence behind a level: where it is and what it means. */
export interface Reason {
  /** The level this evidence alone asks for. */
  level: DbLevel
  /** What kind of evidence it is. */
  kind: EvidenceKind
  /** Root-relative path (forward slashes) of the file holding the evidence. */
  file: string
  /** 1-based line. */
  line: number
  /** 1-based column. */
  column: number
  /** A short text a person can check, e.g. `DELETE FROM sessions (committed in afterEach)`. */
  text: string
  /** The import chain from the test file to `file`, test file first; absent when the evidence is in the test file. */
  via?: string[]
}

/** Where a file's level came from: `learned` when an earlier run saw the file need more than analysis gave it. */
export type LevelSource = 'analysis' | 'annotation' | 'config' | 'fallback' | 'learned'

/** The analysis of one test file. */
export interface FileAnalysis {
  /** Root-relative path (forward slashes). */
  file: string
  /** The level the file gets. */
  level: DbLevel
  /** What decided the level. */
  source: LevelSource
  /** True when some evidence could not be read statically and the fallback level applied. */
  uncertain: boolean
  /** Database client packages the file reaches (unmocked), e.g. `pg`, `knex`; sorted. */
  clients: string[]
  /** Every piece of evidence, the deciding one first. */
  reasons: Reason[]
  /** Hash of the contents of the file and of every project module and SQL file it reaches (learned levels' key). */
  contentKey?: string
  /** Set when the file could not be analysed; its level is then the fallback. */
  error?: string
  /**
   * Set, with `error`, when the file's own `// @db-level` annotation names no level: the name given (`''` when
   * none). The pool does not run such a file at the fallback level: it fails at once with `error`.
   */
  invalidAnnotation?: string
}

/** What `dbsafe analyze --json` prints and the pool reads. */
export interface AnalysisManifest {
  schemaVersion: typeof MANIFEST_SCHEMA_VERSION
  /** The level given to evidence that cannot be read statically. */
  fallbackLevel: DbLevel
  /** One entry per test file, sorted by `file`. */
  files: FileAnalysis[]
}

/** JSON Schema (draft 2020-12) of {@link AnalysisManifest}. */
export const analysisManifestJsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://dbsafe.dev/schemas/analysis-manifest-v1.json',
  type: 'object',
  required: ['schemaVersion', 'fallbackLevel', 'files'],
  properties: {
    schemaVersion: { const: MANIFEST_SCHEMA_VERSION },
    fallbackLevel: { enum: [...DB_LEVELS] },
    files: {
      type: 'array',
      items: {
        type: 'object',
        required: ['file', 'level', 'source', 'uncertain', 'clients', 'reasons'],
        properties: {
          file: { type: 'string' },
          level: { enum: [...DB_LEVELS] },
          source: { enum: ['analysis', 'annotation', 'config', 'fallback', 'learned'] },
          uncertain: { type: 'boolean' },
          clients: { type: 'array', items: { type: 'string' } },
          error: { type: 'string' },
          invalidAnnotation: { type: 'string' },
          contentKey: { type: 'string' },
          reasons: {
            type: 'array',
            items: {
              type: 'object',
              required: ['level', 'kind', 'file', 'line', 'column', 'text'],
              properties: {
                level: { enum: [...DB_LEVELS] },
                kind: { enum: [...EVIDENCE_KINDS] },
                file: { type: 'string' },
                line: { type: 'integer', minimum: 1 },
                column: { type: 'integer', minimum: 1 },
                text: { type: 'string' },
                via: { type: 'array', items: { type: 'string' } },
              },
            },
          },
        },
      },
    },
  },
} as const

/** The deciding reason of a file: the first reason at the file's level, if any. */
export function decidingReason(analysis: FileAnalysis): Reason | undefined {
  return analysis.reasons.find((reason) => reason.level === analysis.level) ?? analysis.reasons[0]
}

/** `file:line` of a reason, for one-line output. */
export function formatReasonLocation(reason: Reason): string {
  return `${reason.file}:${reason.line}`
}

/**
 * Checks that `value` is a manifest this version can read, and returns it typed.
 * Throws a {@link DbsafeError} naming the first problem and the path to it.
 */
export function parseAnalysisManifest(value: unknown, source = 'manifest'): AnalysisManifest {
  const fail = (path: string, problem: string): never => {
    throw new DbsafeError(
      'DBSAFE_PARSE_FAILED',
      `${source} is not a valid dbsafe manifest: ${path} ${problem}.`,
      {
        hint: 'Regenerate it with `dbsafe analyze --json > <file>`.',
      },
    )
  }
  if (typeof value !== 'object' || value === null) return fail('the top level', 'is not an object')
  const manifest = value as Record<string, unknown>
  if (typeof manifest.schemaVersion === 'number' && manifest.schemaVersion > MANIFEST_SCHEMA_VERSION) {
    throw new DbsafeError(
      'DBSAFE_VERSION_UNSUPPORTED',
      `${source} has schemaVersion ${manifest.schemaVersion}; this dbsafe reads up to ${MANIFEST_SCHEMA_VERSION}.`,
      { hint: 'Upgrade the @dbsafe packages, or regenerate the manifest with this version.' },
    )
  }
  if (manifest.schemaVersion !== MANIFEST_SCHEMA_VERSION) fail('schemaVersion', 'is missing or unknown')
  if (!isDbLevel(manifest.fallbackLevel)) fail('fallbackLevel', 'is not a level name')
  if (!Array.isArray(manifest.files)) return fail('files', 'is not an array')
  for (const [index, entry] of (manifest.files as unknown[]).entries()) {
    const at = `files[${index}]`
    if (typeof entry !== 'object' || entry === null) fail(at, 'is not an object')
    const file = entry as Record<string, unknown>
    if (typeof file.file !== 'string') fail(`${at}.file`, 'is not a string')
    if (!isDbLevel(file.level)) fail(`${at}.level`, 'is not a level name')
    if (typeof file.uncertain !== 'boolean') fail(`${at}.uncertain`, 'is not a boolean')
    if (!Array.isArray(file.clients)) fail(`${at}.clients`, 'is not an array')
    if (!Array.isArray(file.reasons)) fail(`${at}.reasons`, 'is not an array')
  }
  return value as AnalysisManifest
}
