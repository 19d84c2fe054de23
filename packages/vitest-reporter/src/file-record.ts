import {
  type DbsafeFileMeta,
  FILE_META_KEY,
  type HistoryFailure,
  type HistoryFileRecord,
  type HistoryState,
  type HistoryTest,
  isCompleteObservation,
  isDbLevel,
  isIsolation,
  isObservation,
  toRootRelative,
} from '@dbsafe/core'
import type { TestCase, TestModule } from 'vitest/node'
import { type ErrorLike, FAILURES_PER_FILE, failureOf } from './test-failures'

/** The file meta key where the worker runtime may put connection metrics. */
const CONNECTIONS_META_KEY = 'dbsafeConnections'

function stateOf(state: string): HistoryState {
  return state === 'passed' || state === 'failed' ? state : 'skipped'
}

function numbersOf(value: unknown): Record<string, number> {
  if (typeof value !== 'object' || value === null) return {}
  return Object.fromEntries(
    Object.entries(value).filter((entry): entry is [string, number] => typeof entry[1] === 'number'),
  )
}

/**
 * The connection metrics of a file as flat numbers: the worker runtime's `usage` counters (queries,
 * queryMs, maxConnectionsHeld, checkouts, acquireWaitMs, exhaustedWaits, …) plus counts of leaks and late
 * queries. Plain numeric fields are taken as they are, so older or simpler shapes still show.
 */
function connectionNumbers(value: unknown): Record<string, number> | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const metrics = value as { usage?: unknown; leaks?: unknown; lateQueries?: unknown }
  const numbers = { ...numbersOf(value), ...numbersOf(metrics.usage) }
  delete numbers.exhaustionThresholdMs
  if (Array.isArray(metrics.leaks)) numbers.leaks = metrics.leaks.length
  if (Array.isArray(metrics.lateQueries)) numbers.lateQueries = metrics.lateQueries.length
  return Object.keys(numbers).length ? numbers : undefined
}

function testRecord(test: TestCase): HistoryTest {
  const diagnostic = test.diagnostic()
  const record: HistoryTest = {
    name: test.fullName,
    state: stateOf(test.result().state),
    durationMs: diagnostic?.duration ?? 0,
    retries: diagnostic?.retryCount ?? 0,
  }
  const attempts = test.attempts()
  if (attempts.length > 1) record.attempts = attempts.map((attempt) => stateOf(attempt.state))
  return record
}

/** What the runtime guard said of the file: where its level came from, what it did, whether that was too much. */
function guardFields(
  dbsafe: Partial<DbsafeFileMeta>,
): Pick<
  HistoryFileRecord,
  | 'source'
  | 'contentKey'
  | 'observedLevel'
  | 'observedCounts'
  | 'observedComplete'
  | 'misclassified'
  | 'interference'
> {
  const fields: ReturnType<typeof guardFields> = {}
  if (typeof dbsafe.source === 'string') fields.source = dbsafe.source
  if (typeof dbsafe.contentKey === 'string') fields.contentKey = dbsafe.contentKey
  if (isObservation(dbsafe.observed) && isDbLevel(dbsafe.observed.level)) {
    fields.observedLevel = dbsafe.observed.level
    fields.observedCounts = numbersOf(dbsafe.observed.counts)
    fields.observedComplete = isCompleteObservation(dbsafe.observed)
  }
  const finding = dbsafe.misclassified
  if (finding && isDbLevel(finding.ranAt) && isDbLevel(finding.needs)) fields.misclassified = finding
  if (typeof dbsafe.interference?.cause === 'string') fields.interference = dbsafe.interference
  return fields
}

/** Why the module failed: its own errors (an import or hook that threw), then each failed test's first error. */
function failuresOf(module: TestModule, root: string): HistoryFailure[] {
  const failures: HistoryFailure[] = module.errors().map((error) => failureOf(error as ErrorLike, root))
  for (const test of module.children.allTests('failed')) {
    const error = test.result().errors?.[0]
    if (error) failures.push(failureOf(error as ErrorLike, root, test.fullName))
    else failures.push({ test: test.fullName, message: 'failed without an error' })
  }
  return failures.slice(0, FAILURES_PER_FILE)
}

/** The history record of one finished test module, with the pool's level and isolation when present. */
export function fileRecordOf(module: TestModule, root: string): HistoryFileRecord {
  const diagnostic = module.diagnostic()
  const meta = module.meta() as Record<string, unknown>
  const record: HistoryFileRecord = {
    project: module.project.name,
    file: toRootRelative(root, module.moduleId),
    state: stateOf(module.state()),
    environmentMs: diagnostic.environmentSetupDuration,
    prepareMs: diagnostic.prepareDuration,
    collectMs: diagnostic.collectDuration,
    setupMs: diagnostic.setupDuration,
    runMs: diagnostic.duration,
    tests: [...module.children.allTests()].map(testRecord),
  }
  const dbsafe = meta[FILE_META_KEY] as Partial<DbsafeFileMeta> | undefined
  if (dbsafe && typeof dbsafe === 'object') {
    if (isDbLevel(dbsafe.level)) record.level = dbsafe.level
    if (isIsolation(dbsafe.isolation)) record.isolation = dbsafe.isolation
    if (typeof dbsafe.uncertain === 'boolean') record.uncertain = dbsafe.uncertain
    if (typeof dbsafe.reason === 'string') record.reason = dbsafe.reason
    if (typeof dbsafe.provisionMs === 'number') record.provisionMs = dbsafe.provisionMs
    if (typeof dbsafe.waitMs === 'number') record.waitMs = dbsafe.waitMs
    if (dbsafe.ownServer === true) record.ownServer = true
    Object.assign(record, guardFields(dbsafe))
  }
  const failures = failuresOf(module, root)
  if (failures.length) record.failures = failures
  const connections = connectionNumbers(meta[CONNECTIONS_META_KEY])
  if (connections) record.connections = connections
  return record
}
