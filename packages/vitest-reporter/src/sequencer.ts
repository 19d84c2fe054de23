import { statSync } from 'node:fs'
import { resolve } from 'node:path'
import {
  historyFileKey,
  historySnapshotFile,
  historySourceOf,
  isDbsafeError,
  type PlanningHistory,
  readPlanningHistory,
  toRootRelative,
} from '@dbsafe/core'
import pc from 'picocolors'
import { BaseSequencer, type TestSpecification, type Vitest } from 'vitest/node'
import { estimateFileCosts } from './file-estimates'
import { logicalRuns } from './logical-runs'
import { rememberPlan } from './plan-registry'
import { hasDbsafeReporter, missingReporterWarning } from './reporter-presence'
import { longestFirst, type PlanItem, planShards } from './shard-plan'

interface Snapshot {
  items: PlanItem[]
  /** What it was planned from (its hash is computed only for a shard plan). */
  planning: PlanningHistory | undefined
}

/**
 * A `sequence.sequencer` that splits `--shard=i/n` by recorded durations (longest first into the least
 * loaded shard, ties by path, unknown files estimated from their size) and orders files longest first.
 * It reads the history the dbsafe reporter writes (or the file named by `DBSAFE_HISTORY_SNAPSHOT`) as a snapshot
 * every shard shares: shard runs never write to it, so all shards compute the same plan, whose hash they print.
 */
export class DbsafeSequencer extends BaseSequencer {
  #snapshot: Snapshot | undefined

  constructor(ctx: Vitest) {
    super(ctx)
  }

  #key(spec: TestSpecification): string {
    return historyFileKey(spec.project.name, toRootRelative(this.ctx.config.root, spec.moduleId))
  }

  /**
   * The history to plan from: the dbsafe reporter's (its `history.file` or store, see `HistorySource`), else
   * `DBSAFE_HISTORY_SNAPSHOT` or the default file. A corrupt one is a warning and plans from file sizes (the
   * reporter moves it aside).
   */
  async #planning(): Promise<PlanningHistory | undefined> {
    try {
      const source = historySourceOf(this.ctx)
      return source
        ? await source.load()
        : readPlanningHistory(resolve(this.ctx.config.root, historySnapshotFile()))
    } catch (error) {
      // A file that cannot be read (no permission): no history to plan from, as before the reporter writes one.
      if (!isDbsafeError(error)) return undefined
      if (!isDbsafeError(error, 'DBSAFE_HISTORY_CORRUPT')) throw error
      this.ctx.logger.warn(
        `dbsafe: ${error.message.split('\n')[0]} Files are ordered by size this run; the next run that records history moves the file aside.`,
      )
      return undefined
    }
  }

  async #estimates(specs: TestSpecification[]): Promise<Snapshot> {
    if (this.#snapshot) return this.#snapshot
    const planning = await this.#planning()
    const runs = planning ? logicalRuns(planning.history) : []
    const sizes = new Map<string, number>()
    for (const spec of specs) {
      try {
        sizes.set(this.#key(spec), statSync(spec.moduleId).size)
      } catch {}
    }
    const keys = [...new Set(specs.map((spec) => this.#key(spec)))]
    this.#snapshot = { items: estimateFileCosts(keys, runs, sizes), planning }
    return this.#snapshot
  }

  override async shard(files: TestSpecification[]): Promise<TestSpecification[]> {
    const shard = this.ctx.config.shard
    if (!shard) return files
    const { items, planning } = await this.#estimates(files)
    const snapshot = planning?.hash ?? 'none'
    const plan = planShards(items, shard.count)
    const mine = plan.shards[shard.index - 1]
    if (!mine) return []
    const keep = new Set(mine.files)
    const known = items.filter((item) => item.known).length
    rememberPlan(this.ctx, {
      index: shard.index,
      count: shard.count,
      hash: plan.hash,
      snapshot,
      files: items.length,
      shardFiles: mine.files.length,
      predictedMs: mine.predictedMs,
      totalMs: items.reduce((sum, item) => sum + item.estimateMs, 0),
      lowerBoundMs: plan.lowerBoundMs,
      predictedImbalance: plan.predictedImbalance,
      knownShare: items.length ? known / items.length : 0,
    })
    if (!hasDbsafeReporter(this.ctx.config.reporters))
      this.ctx.logger.warn(pc.yellow(missingReporterWarning(shard.index, shard.count)))
    this.ctx.logger.log(
      `${pc.cyan('dbsafe')} shard ${shard.index}/${shard.count}: ${mine.files.length} of ${items.length} files, ` +
        `predicted ${(mine.predictedMs / 1000).toFixed(1)}s (${(plan.predictedImbalance * 100).toFixed(1)}% over the lower bound), ` +
        `plan ${plan.hash}, history ${snapshot} (${known}/${items.length} files timed)`,
    )
    return files.filter((spec) => keep.has(this.#key(spec)))
  }

  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const { items } = await this.#estimates(files)
    const rank = new Map(longestFirst(items).map((item, index) => [item.key, index]))
    const group = (spec: TestSpecification): number => spec.project.config.sequence.groupOrder ?? 0
    return [...files].sort(
      (a, b) => group(a) - group(b) || (rank.get(this.#key(a)) ?? 0) - (rank.get(this.#key(b)) ?? 0),
    )
  }
}
