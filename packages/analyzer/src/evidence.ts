import type { DbLevel, EvidenceKind } from '@dbsafe/core'

/** What a write does, for the hook rules: deletes and truncates in hooks are committed cleanup. */
export type WriteOp = 'write' | 'delete' | 'truncate'

/** The Vitest hooks whose body runs outside (`beforeAll`/`afterAll`) or inside (`*Each`) the per-test transaction. */
export const HOOK_NAMES = ['beforeAll', 'afterAll', 'beforeEach', 'afterEach'] as const

/** One of {@link HOOK_NAMES}. */
export type HookName = (typeof HOOK_NAMES)[number]

/** One piece of evidence found in one module, located in that module. */
export interface Finding {
  /** The level this evidence alone asks for. */
  level: DbLevel
  /** What kind of evidence it is. */
  kind: EvidenceKind
  /** 1-based line. */
  line: number
  /** 1-based column. */
  column: number
  /** A short text a person can check. */
  text: string
  /** Set for row writes, so that hooks can grade them. */
  op?: WriteOp
  /** True when the evidence could not be read statically (the fallback level applies). */
  uncertain?: boolean
  /**
   * For method calls: the import specifier of the object the method is called on, `''` when it is local.
   * Without any database client in reach, such calls only count on objects from packages.
   */
  receiver?: string
  /** For a statement handed to a method of an object imported from a package: that package's specifier. */
  handedTo?: string
  /**
   * For method names whose database meaning belongs to some libraries' API (`sync`, `destroy`, `clear`): those
   * libraries. The finding counts only for a file whose reachable modules import one of them.
   */
  libraries?: readonly string[]
  /**
   * Counts only for a file that writes rows (evidence at `isolated-writes` or above): tests that hand what they
   * got from the database to later tests rely on committed rows only when there are rows to commit.
   */
  onlyWithWrites?: true
}

/** What a statement or a call does, before it is located. */
export type Effect = Pick<Finding, 'level' | 'text' | 'op' | 'uncertain' | 'libraries'>

/**
 * Applies the hook rules of the contract to an effect found inside `hook`:
 * `TRUNCATE`/`DELETE` in any hook and any write in `beforeAll`/`afterAll` are committed, so `shared-writes`.
 */
export function gradeInHook<T extends Effect>(effect: T, hook: HookName | undefined): T {
  if (!hook || !effect.op || effect.level !== 'isolated-writes') return effect
  const committed = effect.op !== 'write' || hook === 'beforeAll' || hook === 'afterAll'
  if (!committed) return { ...effect, text: `${effect.text} (in ${hook})` }
  return { ...effect, level: 'shared-writes', text: `${effect.text} (committed in ${hook})` }
}
