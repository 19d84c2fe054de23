import { type DbsafeFileMeta, FILE_META_KEY, toRootRelative } from '@dbsafe/core'
import type { TestModule } from 'vitest/node'

/** The name the dbsafe pool registers under: a project's `config.pool` when it runs under dbsafe. */
export const DBSAFE_POOL_NAME = 'dbsafe'

/**
 * Why a file's isolation cannot be vouched for:
 * - `no-context`: it ran in a project configured with the dbsafe pool, yet without dbsafe's context (no level, no
 *   database of its own) — an error;
 * - `queried-elsewhere`: its queries went to another database than the one dbsafe gave it — an error;
 * - `unused-database`: its database saw no session while its tests ran, and no query was counted — a warning.
 */
export type IsolationProblemKind = 'no-context' | 'queried-elsewhere' | 'unused-database'

/** One file whose isolation cannot be vouched for. Errors fail the run. */
export interface IsolationProblem {
  kind: IsolationProblemKind
  severity: 'error' | 'warning'
  project: string
  /** Root-relative path. */
  file: string
  /** What happened and how to fix it, without the file name. */
  message: string
}

const NO_CONTEXT_MESSAGE =
  "ran without dbsafe's context: no level, no database of its own, so it may have run on another file's database or on a server of yours. Run with NODE_DEBUG=dbsafe to see what the pool sent it; a custom test.runner that bypasses TestRunner.importFile, or a second copy of Vitest, causes this."

/** Whether the module ran its tests under the dbsafe pool (not in a browser, not a type test). */
function ranUnderDbsafe(module: TestModule): boolean {
  const config = module.project.config
  return config.pool === DBSAFE_POOL_NAME && !config.browser?.enabled && module.meta().typecheck !== true
}

/**
 * The files whose isolation dbsafe cannot vouch for: files of a dbsafe project that ran (passed or failed) with no
 * `meta.dbsafe`, and files whose `meta.dbsafe.routing` says their database stayed unused. Sorted by severity, then
 * project and path.
 */
export function isolationProblems(modules: ReadonlyArray<TestModule>, root: string): IsolationProblem[] {
  const problems: IsolationProblem[] = []
  for (const module of modules) {
    const base = { project: module.project.name, file: toRootRelative(root, module.moduleId) }
    const meta = (module.meta() as Record<string, unknown>)[FILE_META_KEY] as
      | Partial<DbsafeFileMeta>
      | undefined
    const state = module.state()
    if (!meta || typeof meta !== 'object') {
      if (ranUnderDbsafe(module) && (state === 'passed' || state === 'failed')) {
        problems.push({ ...base, kind: 'no-context', severity: 'error', message: NO_CONTEXT_MESSAGE })
      }
      continue
    }
    const routing = meta.routing
    if (routing?.usedOwnDatabase !== false) continue
    const elsewhere = typeof routing.queriesElsewhere === 'number' && routing.queriesElsewhere > 0
    problems.push({
      ...base,
      kind: elsewhere ? 'queried-elsewhere' : 'unused-database',
      severity: elsewhere ? 'error' : 'warning',
      message: `never used the database dbsafe gave it: ${routing.note}`,
    })
  }
  const rank = (problem: IsolationProblem) => (problem.severity === 'error' ? 0 : 1)
  return problems.sort(
    (a, b) => rank(a) - rank(b) || a.project.localeCompare(b.project) || a.file.localeCompare(b.file),
  )
}
