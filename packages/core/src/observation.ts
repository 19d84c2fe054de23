import { type DbLevel, levelRank } from './levels'
import type { LevelSource } from './manifest'

/**
 * What kind of thing a test file was seen doing on a database (the runtime guard), each with the level it asks
 * for: `read` read-only; `write` (rolled back with its test) isolated-writes; `committed-write` (outside any test,
 * so never rolled back), `notify` (LISTEN/NOTIFY), `advisory-lock`, `sequence` (nextval/setval) and
 * `not-transactional` (VACUUM …) shared-writes; `ddl` schema-changes; `cluster` (roles, databases, ALTER SYSTEM,
 * pg_terminate_backend…) and `connections` (more connections at once than a file's share) sequential; `connect`
 * (a file at `none` opened a connection) read-only.
 */
export const EFFECT_KINDS = [
  'connect',
  'read',
  'write',
  'committed-write',
  'notify',
  'advisory-lock',
  'sequence',
  'not-transactional',
  'ddl',
  'cluster',
  'connections',
] as const

/** One kind of thing a file did on a database (see {@link EFFECT_KINDS}). */
export type EffectKind = (typeof EFFECT_KINDS)[number]

/** Where an observation comes from. */
export type ObservationSource = 'client' | 'error' | 'server'

/** One thing a test file was seen doing, and the level it asks for. */
export interface ObservedEvidence {
  level: DbLevel
  kind: EffectKind
  /** What was seen, one line: `INSERT INTO orders (…) VALUES … (outside any test: committed)`. */
  text: string
  /** Where, root-relative `file:line:column`, when a frame of the project's own code showed it. */
  at?: string
  /**
   * `client`: dbsafe's interception of node-postgres in the worker (every statement, with its call site);
   * `error`: an error the file's tests got from PostgreSQL or dbsafe, whatever the client;
   * `server`: PostgreSQL's own records of the file's database.
   */
  source: ObservationSource
}

/** What dbsafe saw one test file do on its database while it ran. */
export interface DbsafeObservation {
  /** The highest level what it did asks for; `none` when it did nothing on a database. */
  level: DbLevel
  /** The evidence for `level`, first seen first (at most {@link MAX_EVIDENCE}). */
  evidence: ObservedEvidence[]
  /** Statements (and other events) seen, by kind. */
  counts: Partial<Record<EffectKind, number>>
  /** Most connections the file held at once (node-postgres), when tracked. */
  maxConnections?: number
  /**
   * Set when the file's level refused something it tried (a write in a read-only session, a statement a
   * transaction cannot hold, a connection at `none`): what it would have done next is unknown.
   */
  cutShort?: boolean
  /** Database clients the file reaches whose statements dbsafe cannot see (not node-postgres based): `['postgres']`. */
  unseen?: string[]
  /**
   * What the server-side view could not see of the file, and why, one line each: `DDL from clients dbsafe does
   * not intercept … is not seen: the template has no DDL log (…)`.
   */
  notes?: string[]
}

/** Whether an observation saw everything the file did: not cut short, no client dbsafe cannot see into. */
export function isCompleteObservation(observation: DbsafeObservation): boolean {
  return !observation.cutShort && !observation.unseen?.length
}

/** A file whose level was too low for what it did (see {@link DbsafeObservation}). */
export interface DbsafeMisclassification {
  /** The level the file was given and ran at first. */
  ranAt: DbLevel
  /** The level what it did asks for. */
  needs: DbLevel
  /** Where `ranAt` came from. An annotation or config glob is obeyed: such a file is reported, not rerun. */
  source: LevelSource
  /** The evidence, strongest first. */
  evidence: ObservedEvidence[]
  /** The one-line fix: `// @db-level shared-writes` before the first test, or the config glob. */
  fix: string
  /** Present when the file ran again in the same run, at `level`, on a database of its own. */
  rerun?: { level: DbLevel; state: 'passed' | 'failed' }
}

/**
 * What another file did to this one while they ran side by side: the server refused it connections (another file
 * held too many), or ended its session (`pg_terminate_backend`). It failed for that, and ran again at its level.
 */
export interface DbsafeInterference {
  /** What it got, one line: `PostgreSQL refused a connection: sorry, too many clients already`. */
  cause: string
  rerun: { level: DbLevel; state: 'passed' | 'failed' }
}

/** Evidence kept per observation: enough to show and check, small enough for every file's meta. */
export const MAX_EVIDENCE = 3

/** The level each kind of effect asks for. */
export const EFFECT_LEVEL: Readonly<Record<EffectKind, DbLevel>> = {
  connect: 'read-only',
  read: 'read-only',
  write: 'isolated-writes',
  'committed-write': 'shared-writes',
  notify: 'shared-writes',
  'advisory-lock': 'shared-writes',
  sequence: 'shared-writes',
  'not-transactional': 'shared-writes',
  ddl: 'schema-changes',
  cluster: 'sequential',
  connections: 'sequential',
}

/** An observation of nothing. */
export function emptyObservation(): DbsafeObservation {
  return { level: 'none', evidence: [], counts: {} }
}

/** Whether {@link addEvidence} would keep evidence of this level, kind and text (asked before finding its call site). */
export function keepsEvidence(
  observation: DbsafeObservation,
  evidence: Pick<ObservedEvidence, 'level' | 'kind' | 'text'>,
): boolean {
  const rank = levelRank(evidence.level)
  const current = levelRank(observation.level)
  if (rank !== current) return rank > current
  return (
    observation.evidence.length < MAX_EVIDENCE &&
    !observation.evidence.some((seen) => seen.kind === evidence.kind && seen.text === evidence.text)
  )
}

/**
 * Adds one piece of evidence to an observation (in place): it raises the level and replaces the evidence when it
 * asks for more than anything before; at the same level it is kept while there is room and its kind and text are
 * new. Counts are the caller's.
 */
export function addEvidence(observation: DbsafeObservation, evidence: ObservedEvidence): void {
  if (!keepsEvidence(observation, evidence)) return
  if (levelRank(evidence.level) > levelRank(observation.level)) {
    observation.level = evidence.level
    observation.evidence = [evidence]
  } else observation.evidence.push(evidence)
}

/** Two observations of one file (two attempts, or client and server) as one. */
export function mergeObservations(a: DbsafeObservation, b: DbsafeObservation): DbsafeObservation {
  const merged: DbsafeObservation = { ...a, evidence: [...a.evidence], counts: { ...a.counts } }
  for (const evidence of b.evidence) addEvidence(merged, evidence)
  for (const [kind, count] of Object.entries(b.counts) as [EffectKind, number][]) {
    merged.counts[kind] = (merged.counts[kind] ?? 0) + count
  }
  const most = Math.max(a.maxConnections ?? 0, b.maxConnections ?? 0)
  if (most > 0) merged.maxConnections = most
  if (a.cutShort || b.cutShort) merged.cutShort = true
  const unseen = [...new Set([...(a.unseen ?? []), ...(b.unseen ?? [])])]
  if (unseen.length > 0) merged.unseen = unseen.sort()
  const notes = [...new Set([...(a.notes ?? []), ...(b.notes ?? [])])]
  if (notes.length > 0) merged.notes = notes
  return merged
}

/** Whether `value` looks like a {@link DbsafeObservation} (it crosses processes and history files). */
export function isObservation(value: unknown): value is DbsafeObservation {
  const observation = value as Partial<DbsafeObservation> | null
  return (
    typeof observation === 'object' &&
    observation !== null &&
    typeof observation.level === 'string' &&
    Array.isArray(observation.evidence) &&
    typeof observation.counts === 'object'
  )
}
