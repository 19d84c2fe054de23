import {
  type DbsafeFileMeta,
  FILE_META_KEY,
  type HistoryFileRecord,
  type HistoryState,
  type HistoryTest,
  isDbLevel,
  isIsolation,
  toRootRelative,
} from '@dbsafe/core'
import type { TestCase, TestModule } from 'vitest/node'

/** The file meta key where the worker runtime may put connection metrics. */
const CONNECTIONS_META_KEY = 'dbsafeConnections'

function stateOf(state: string): HistoryState {
  return state === 'passed' || state === 'failed' ? state : 'skipped'
}

function numbersOf(value: unknown): Record<string, number> | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const entries = Object.entries(value).filter(
    (entry): entry is [string, number] => typeof entry[1] === 'number',
  )
  return entries.length ? Object.fromEntries(entries) : undefined
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
  }
  const connections = numbersOf(meta[CONNECTIONS_META_KEY])
  if (connections) record.connections = connections
  return record
}
