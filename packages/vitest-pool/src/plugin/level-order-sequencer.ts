import type { DbLevel } from '@dbsafe/core'
import type { TestSequencerConstructor, TestSpecification, Vitest } from 'vitest/node'
import { POOL_NAME } from '../pool/dbsafe-pool-worker'
import { RunPlan, type RunPlanEntry } from '../pool/run-plan'
import { findSession, type RunSession } from '../pool/run-session'
import { orderByLevel } from '../schedule/order-by-level'

const WRAPPED = Symbol.for('dbsafe.levelOrder')

function sessionOf(vitest: Vitest, spec: TestSpecification): RunSession | undefined {
  const owner = spec.project.config.poolRunner
  return owner ? findSession(vitest, owner) : undefined
}

async function levelOf(
  session: RunSession | undefined,
  spec: TestSpecification,
): Promise<DbLevel | undefined> {
  if (!session) return undefined
  try {
    return (await session.analysis(spec.project).of(spec.moduleId)).level
  } catch {
    return undefined
  }
}

/** Hands each dbsafe session the run's files it will get turns for, in the final order. */
function planSessions(
  vitest: Vitest,
  sorted: TestSpecification[],
  levels: Map<TestSpecification, DbLevel | undefined>,
): void {
  const bySession = new Map<RunSession, RunPlanEntry[]>()
  for (const spec of sorted) {
    const session = spec.pool === POOL_NAME ? sessionOf(vitest, spec) : undefined
    if (!session) continue
    const entries = bySession.get(session) ?? []
    entries.push({ spec, level: levels.get(spec) })
    bySession.set(session, entries)
  }
  for (const [session, entries] of bySession) {
    session.planRun(new RunPlan(entries), (entries[0] as RunPlanEntry).spec.project.config.root)
  }
}

/**
 * The configured sequencer (Vitest's own, or the reporter's duration-balanced one), with its order
 * refined by level: sequential files first, then the rest in the sequencer's order (longest first when
 * it has timing history). Sharding is left to the sequencer. Files of projects without dbsafe, or whose
 * analysis fails, keep their place among the rest. The final order is each dbsafe session's run plan:
 * its workers run the best file that can start in each turn Vitest hands out (see `FileDispatcher`).
 */
export function withLevelOrder(Sequencer: TestSequencerConstructor): TestSequencerConstructor {
  if ((Sequencer as unknown as Record<symbol, boolean>)[WRAPPED]) return Sequencer
  const Base = Sequencer as unknown as new (
    vitest: Vitest,
  ) => { sort(files: TestSpecification[]): Promise<TestSpecification[]> }
  class LevelOrderSequencer extends Base {
    static readonly [WRAPPED] = true
    readonly #vitest: Vitest
    constructor(vitest: Vitest) {
      super(vitest)
      this.#vitest = vitest
    }
    override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
      const sorted = await super.sort(files)
      const levels = new Map(
        await Promise.all(
          sorted.map(async (spec) => [spec, await levelOf(sessionOf(this.#vitest, spec), spec)] as const),
        ),
      )
      const ordered = orderByLevel(sorted.map((item) => ({ item, level: levels.get(item) })))
      planSessions(this.#vitest, ordered, levels)
      return ordered
    }
  }
  return LevelOrderSequencer as unknown as TestSequencerConstructor
}
