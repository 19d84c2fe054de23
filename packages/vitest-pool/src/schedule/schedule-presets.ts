import { type DbLevel, DbsafeError } from '@dbsafe/core'

/** How hard dbsafe pushes the machine and the server. */
export const SCHEDULE_PRESETS = ['conservative', 'balanced', 'aggressive', 'adaptive'] as const

/** One of {@link SCHEDULE_PRESETS}. */
export type SchedulePreset = (typeof SCHEDULE_PRESETS)[number]

/** The preset used when none is given. */
export const DEFAULT_PRESET: SchedulePreset = 'balanced'

/** The share of the server's usable connections dbsafe's test files may hold together. */
export const CONNECTION_BUDGET_SHARE = 0.8

/** Levels whose concurrency can be capped (`none` never is, `sequential` always runs alone). */
export type CappedLevel = Exclude<DbLevel, 'none' | 'sequential'>

/** What a preset decides. */
export interface ScheduleLimits {
  /** Files running at once (Vitest's `maxWorkers`), when the config does not set it. */
  maxWorkers: number
}

/** What `adaptive` sizes from. */
export interface MachineFacts {
  /** `os.availableParallelism()`. */
  cpus: number
  /** `os.totalmem()`. */
  totalMemoryBytes: number
}

/** Memory one test worker plus its database clone needs, for `adaptive`. */
const BYTES_PER_WORKER = 512 * 1024 * 1024

/**
 * The workers of a preset on this machine. Database tests wait on the server much of the time,
 * so `balanced` runs one worker per CPU (Vitest's own default leaves one CPU idle), `aggressive`
 * two, `conservative` half; `adaptive` takes two per CPU bounded by memory.
 *
 * No preset caps a level: every level but `sequential` runs on a database of its own (or the shared
 * read-only one), so its isolation allows as many files at once as there are workers. What the server
 * can take is the connection budget (80% of `max_connections`, see {@link connectionBudget}), applied at
 * run time from the server's own numbers; a cap the user sets in `levelConcurrency` is kept.
 */
export function presetLimits(preset: SchedulePreset, machine: MachineFacts): ScheduleLimits {
  const cpus = Math.max(1, machine.cpus)
  switch (preset) {
    case 'conservative':
      return { maxWorkers: Math.max(1, Math.floor(cpus / 2)) }
    case 'balanced':
      return { maxWorkers: Math.max(2, cpus) }
    case 'aggressive':
      return { maxWorkers: Math.max(2, cpus * 2) }
    case 'adaptive': {
      const byMemory = Math.max(1, Math.floor(machine.totalMemoryBytes / BYTES_PER_WORKER))
      return { maxWorkers: Math.max(2, Math.min(cpus * 2, byMemory)) }
    }
    default:
      throw new DbsafeError('DBSAFE_CONFIG_INVALID', `Unknown dbsafe preset "${String(preset)}".`, {
        hint: `Use one of ${SCHEDULE_PRESETS.join(', ')}.`,
      })
  }
}

/**
 * How many connections test files may hold together: 80% of what the server allows, minus what
 * dbsafe's own admin connections use.
 */
export function connectionBudget(usableConnections: number, reservedConnections: number): number {
  return Math.max(1, Math.floor(usableConnections * CONNECTION_BUDGET_SHARE) - reservedConnections)
}
