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
  /** Files running at once (Vitest's `maxWorkers`). */
  maxWorkers: number
  /** Files of each level running at once; a level that is absent is only limited by `maxWorkers`. */
  levelConcurrency: Partial<Record<CappedLevel, number>>
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
 * The limits of a preset on this machine. Database tests wait on the server much of the time,
 * so `balanced` runs one worker per CPU (Vitest's own default leaves one CPU idle), `aggressive`
 * two, `conservative` half; `adaptive` takes two per CPU bounded by memory. The connection budget
 * (80% of `max_connections`) applies on top of every preset at run time.
 */
export function presetLimits(preset: SchedulePreset, machine: MachineFacts): ScheduleLimits {
  const cpus = Math.max(1, machine.cpus)
  switch (preset) {
    case 'conservative': {
      const maxWorkers = Math.max(1, Math.floor(cpus / 2))
      return {
        maxWorkers,
        levelConcurrency: { 'schema-changes': 1, 'shared-writes': Math.max(1, Math.floor(maxWorkers / 2)) },
      }
    }
    case 'balanced': {
      const maxWorkers = Math.max(2, cpus)
      return { maxWorkers, levelConcurrency: { 'schema-changes': Math.max(1, Math.ceil(maxWorkers / 2)) } }
    }
    case 'aggressive':
      return { maxWorkers: Math.max(2, cpus * 2), levelConcurrency: {} }
    case 'adaptive': {
      const byMemory = Math.max(1, Math.floor(machine.totalMemoryBytes / BYTES_PER_WORKER))
      const maxWorkers = Math.max(2, Math.min(cpus * 2, byMemory))
      return { maxWorkers, levelConcurrency: { 'schema-changes': Math.max(1, Math.ceil(maxWorkers / 2)) } }
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
