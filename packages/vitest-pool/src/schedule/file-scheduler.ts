import type { DbLevel } from '@dbsafe/core'
import { ReadersWriterLock, type Release } from './readers-writer-lock'
import type { CappedLevel } from './schedule-presets'
import { WeightedSemaphore } from './weighted-semaphore'

/** What {@link FileScheduler} needs to know. */
export interface FileSchedulerLimits {
  /** Files of each level running at once. */
  levelConcurrency: Partial<Record<CappedLevel, number>>
  /** Connections database files may hold together. */
  connectionBudget: number
}

/**
 * Decides when a test file may start, in the main process:
 * - `none` files start at once: they touch no database and keep running beside sequential files;
 * - `sequential` files take the lane exclusively: no other database file runs meanwhile;
 * - every other database file takes the lane shared, a slot of its level's cap, and its
 *   connections from the budget.
 */
export class FileScheduler {
  readonly #lane = new ReadersWriterLock()
  readonly #levels = new Map<CappedLevel, WeightedSemaphore>()
  readonly #connections: WeightedSemaphore

  constructor(limits: FileSchedulerLimits) {
    for (const [level, cap] of Object.entries(limits.levelConcurrency)) {
      if (cap !== undefined) this.#levels.set(level as CappedLevel, new WeightedSemaphore(cap))
    }
    this.#connections = new WeightedSemaphore(limits.connectionBudget)
  }

  /** Waits until a file at `level` that may open `connections` connections can start; resolves to its release. */
  async admit(level: DbLevel, connections: number): Promise<Release> {
    if (level === 'none') return () => {}
    if (level === 'sequential') return this.#lane.acquireExclusive()
    const releases: Release[] = [await this.#lane.acquireShared()]
    const cap = this.#levels.get(level)
    if (cap) releases.push(await cap.acquire())
    releases.push(await this.#connections.acquire(connections))
    return () => {
      for (const release of releases.reverse()) release()
    }
  }
}
