import type { DbLevel } from '@dbsafe/core'
import { BaseSequencer, type TestSpecification } from 'vitest/node'
import { findSession } from '../pool/run-session'
import { orderByLevel } from '../schedule/order-by-level'

/**
 * Vitest's own order (failed first, then longest first from its results cache), refined by level:
 * sequential files first, then files without a database (they fill the other workers while a
 * sequential file holds the server), then the rest longest first. Files of projects that do not use
 * dbsafe, or whose analysis fails, keep Vitest's order.
 */
export class LevelOrderSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files)
    const items = await Promise.all(
      sorted.map(async (spec) => ({
        item: spec,
        level: await this.#levelOf(spec),
        durationMs: this.ctx.cache.getTestSpecificationResult(spec)?.duration,
      })),
    )
    return orderByLevel(items)
  }

  async #levelOf(spec: TestSpecification): Promise<DbLevel | undefined> {
    const owner = spec.project.config.poolRunner
    const session = owner && findSession(this.ctx, owner)
    if (!session) return undefined
    try {
      return (await session.analysis(spec.project).of(spec.moduleId)).level
    } catch {
      return undefined
    }
  }
}
