import type { DbLevel } from '@dbsafe/core'
import type { TestSequencerConstructor, TestSpecification, Vitest } from 'vitest/node'
import { findSession } from '../pool/run-session'
import { orderByLevel } from '../schedule/order-by-level'

const WRAPPED = Symbol.for('dbsafe.levelOrder')

async function levelOf(vitest: Vitest, spec: TestSpecification): Promise<DbLevel | undefined> {
  const owner = spec.project.config.poolRunner
  const session = owner && findSession(vitest, owner)
  if (!session) return undefined
  try {
    return (await session.analysis(spec.project).of(spec.moduleId)).level
  } catch {
    return undefined
  }
}

/**
 * The configured sequencer (Vitest's own, or the reporter's duration-balanced one), with its order
 * refined by level: sequential files first, then files without a database (they fill the other workers
 * while a sequential file holds the server), then the rest in the sequencer's order (longest first when
 * it has timing history). Sharding is left to the sequencer. Files of projects without dbsafe, or whose
 * analysis fails, keep their place among the rest.
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
      const levels = await Promise.all(sorted.map((spec) => levelOf(this.#vitest, spec)))
      return orderByLevel(sorted.map((item, index) => ({ item, level: levels[index] })))
    }
  }
  return LevelOrderSequencer as unknown as TestSequencerConstructor
}
