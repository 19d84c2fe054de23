import type { DbLevel } from '@dbsafe/core'
import type { ModuleEvidence } from './module-evidence'
import type { ModuleResolver } from './module-resolver'
import type { ModuleStore } from './module-store'
import type { SqlTexts } from './sql-texts'

/** Everything joining the graph needs; one per analysis run. */
export interface GraphContext {
  root: string
  store: ModuleStore
  resolver: ModuleResolver
  sql: SqlTexts
  fallbackLevel: DbLevel
  /** Per module, its evidence with deferred facts settled: the same for every test file that reaches it. */
  moduleEvidence: Map<string, Promise<ModuleEvidence>>
}
