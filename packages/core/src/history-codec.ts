import { DbsafeError } from './errors'
import {
  HISTORY_SCHEMA_VERSION,
  type History,
  type HistoryFileRecord,
  type HistoryRun,
  type HistoryState,
  type HistoryTest,
} from './history'

/**
 * A test on disk: `[name index, state, milliseconds, retries, attempts?]`. Names live once in
 * {@link HistoryDocument.names}, so 10,000 tests × 100 runs stay around 15 bytes per result.
 * `state` and `attempts` use one letter per state: `p`, `f`, `s`.
 */
export type EncodedTest = [number, string, number, number] | [number, string, number, number, string]

/** A file on disk: its record with the tests encoded. */
export type EncodedFile = Omit<HistoryFileRecord, 'tests'> & { tests: EncodedTest[] }

/** A run on disk. */
export type EncodedRun = Omit<HistoryRun, 'files'> & { files: EncodedFile[] }

/** The JSON document of a history file. */
export interface HistoryDocument {
  format: 'dbsafe-history'
  schemaVersion: typeof HISTORY_SCHEMA_VERSION
  /** Every distinct test name, referenced by index from the tests. */
  names: string[]
  runs: EncodedRun[]
}

const STATE_LETTER: Record<HistoryState, string> = { passed: 'p', failed: 'f', skipped: 's' }
const LETTER_STATE: Record<string, HistoryState> = { p: 'passed', f: 'failed', s: 'skipped' }

/** Milliseconds are kept to a tenth: finer digits are noise and cost bytes. */
const tenth = (ms: number): number => Math.round(ms * 10) / 10

/** Encodes a history into its compact JSON document (milliseconds rounded to a tenth). */
export function encodeHistory(history: History): HistoryDocument {
  const names: string[] = []
  const index = new Map<string, number>()
  const nameIndex = (name: string): number => {
    let at = index.get(name)
    if (at === undefined) {
      at = names.push(name) - 1
      index.set(name, at)
    }
    return at
  }
  const runs = history.runs.map((run) => ({
    ...run,
    wallMs: tenth(run.wallMs),
    reporterMs: tenth(run.reporterMs),
    files: run.files.map((file) => ({
      ...file,
      environmentMs: tenth(file.environmentMs),
      prepareMs: tenth(file.prepareMs),
      collectMs: tenth(file.collectMs),
      setupMs: tenth(file.setupMs),
      runMs: tenth(file.runMs),
      ...(file.provisionMs === undefined ? {} : { provisionMs: tenth(file.provisionMs) }),
      ...(file.waitMs === undefined ? {} : { waitMs: tenth(file.waitMs) }),
      tests: file.tests.map((test): EncodedTest => {
        const head: [number, string, number, number] = [
          nameIndex(test.name),
          STATE_LETTER[test.state],
          tenth(test.durationMs),
          test.retries,
        ]
        return test.attempts ? [...head, test.attempts.map((s) => STATE_LETTER[s]).join('')] : head
      }),
    })),
  }))
  return { format: 'dbsafe-history', schemaVersion: HISTORY_SCHEMA_VERSION, names, runs }
}

/**
 * Checks and decodes a history document. A newer schema gives DBSAFE_VERSION_UNSUPPORTED;
 * anything malformed gives DBSAFE_HISTORY_CORRUPT naming the first problem and its path.
 */
export function parseHistory(value: unknown, source = 'history'): History {
  const fail = (path: string, problem: string): never => {
    throw new DbsafeError(
      'DBSAFE_HISTORY_CORRUPT',
      `${source} is not a valid dbsafe history: ${path} ${problem}.`,
      {
        hint: `Move the file aside (dbsafe never overwrites it) and let the next run start a new history, or restore it from a backup.`,
      },
    )
  }
  if (typeof value !== 'object' || value === null) return fail('the top level', 'is not an object')
  const doc = value as Record<string, unknown>
  if (doc.format !== 'dbsafe-history') fail('format', 'is not "dbsafe-history"')
  if (typeof doc.schemaVersion === 'number' && doc.schemaVersion > HISTORY_SCHEMA_VERSION) {
    throw new DbsafeError(
      'DBSAFE_VERSION_UNSUPPORTED',
      `${source} has schemaVersion ${doc.schemaVersion}; this dbsafe reads up to ${HISTORY_SCHEMA_VERSION}, so it will neither read nor overwrite it.`,
      {
        hint: 'Upgrade the @dbsafe packages to the version that wrote it, or point `history.file` elsewhere.',
      },
    )
  }
  if (doc.schemaVersion !== HISTORY_SCHEMA_VERSION) fail('schemaVersion', 'is missing or unknown')
  if (!Array.isArray(doc.names) || !doc.names.every((n) => typeof n === 'string')) {
    fail('names', 'is not an array of strings')
  }
  const names = doc.names as string[]
  if (!Array.isArray(doc.runs)) return fail('runs', 'is not an array')
  const runs = (doc.runs as unknown[]).map((raw, r): HistoryRun => {
    const at = `runs[${r}]`
    if (typeof raw !== 'object' || raw === null) return fail(at, 'is not an object')
    const run = raw as Record<string, unknown>
    if (typeof run.runId !== 'string') fail(`${at}.runId`, 'is not a string')
    if (typeof run.attempt !== 'number') fail(`${at}.attempt`, 'is not a number')
    if (typeof run.startedAt !== 'string') fail(`${at}.startedAt`, 'is not a string')
    if (!Array.isArray(run.files)) return fail(`${at}.files`, 'is not an array')
    const files = (run.files as unknown[]).map((rawFile, f): HistoryFileRecord => {
      const fat = `${at}.files[${f}]`
      if (typeof rawFile !== 'object' || rawFile === null) return fail(fat, 'is not an object')
      const file = rawFile as Record<string, unknown>
      if (typeof file.file !== 'string') fail(`${fat}.file`, 'is not a string')
      if (typeof file.runMs !== 'number') fail(`${fat}.runMs`, 'is not a number')
      if (!Array.isArray(file.tests)) return fail(`${fat}.tests`, 'is not an array')
      const tests = (file.tests as unknown[]).map((t, i): HistoryTest => {
        const tat = `${fat}.tests[${i}]`
        if (!Array.isArray(t) || t.length < 4) return fail(tat, 'is not a [name, state, ms, retries] tuple')
        const [nameAt, letter, durationMs, retries, attempts] = t as unknown[]
        const name = typeof nameAt === 'number' ? names[nameAt] : undefined
        const state = typeof letter === 'string' ? LETTER_STATE[letter] : undefined
        if (name === undefined) return fail(`${tat}[0]`, 'does not point into names')
        if (state === undefined) return fail(`${tat}[1]`, 'is not a state letter')
        if (typeof durationMs !== 'number' || typeof retries !== 'number') return fail(tat, 'has no numbers')
        const test: HistoryTest = { name, state, durationMs, retries }
        if (typeof attempts === 'string') {
          test.attempts = [...attempts].map(
            (a) => LETTER_STATE[a] ?? fail(`${tat}[4]`, 'is not state letters'),
          )
        }
        return test
      })
      return { ...(file as unknown as HistoryFileRecord), tests }
    })
    return { ...(run as unknown as HistoryRun), files }
  })
  return { schemaVersion: HISTORY_SCHEMA_VERSION, runs }
}

/** An empty history. */
export function emptyHistory(): History {
  return { schemaVersion: HISTORY_SCHEMA_VERSION, runs: [] }
}
