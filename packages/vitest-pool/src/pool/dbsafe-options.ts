import type { DbLevel } from '@dbsafe/core'
import type { ProvisionerOptions } from '../provision/provisioner-options'
import type { CappedLevel, SchedulePreset } from '../schedule/schedule-presets'

/**
 * Options of `dbsafe()` and `dbsafePool()`. Everything about the server, the template and the
 * databases (url, migrations, seed, keepFailed, …) is the provisioner's; `root` comes from the
 * Vitest project.
 */
export interface DbsafeOptions extends Partial<Omit<ProvisionerOptions, 'root'>> {
  /**
   * Globs (relative to the project root) mapped to levels; they win over analysis, not over a
   * `// @db-level` annotation in the file. Default: none.
   */
  levels?: Record<string, DbLevel>
  /** The level of files whose database use cannot be read statically. Default: `'shared-writes'`. */
  fallbackLevel?: DbLevel
  /** How hard to push the machine and the server. Default: `'balanced'`. */
  preset?: SchedulePreset
  /** Files of one level running at once, on top of the preset's caps. Default: the preset's. */
  levelConcurrency?: Partial<Record<CappedLevel, number>>
  /**
   * Connections one database file may open (pg's `Pool` opens up to 10); files wait while the sum
   * would pass 80% of the server's `max_connections`. Default: `10`.
   */
  connectionsPerFile?: number
  /** The variable that receives each file's database URL (the `PG*` variables are set too). Default: `'DATABASE_URL'`. */
  urlVariable?: string
}

/** {@link DbsafeOptions} with the pool's own defaults applied. */
export interface ResolvedPoolOptions {
  levels: Record<string, DbLevel> | undefined
  fallbackLevel: DbLevel
  preset: SchedulePreset
  levelConcurrency: Partial<Record<CappedLevel, number>>
  connectionsPerFile: number
  urlVariable: string
  keepFailed: boolean
}

/** Applies the pool's defaults. */
export function resolvePoolOptions(options: DbsafeOptions): ResolvedPoolOptions {
  return {
    levels: options.levels,
    fallbackLevel: options.fallbackLevel ?? 'shared-writes',
    preset: options.preset ?? 'balanced',
    levelConcurrency: options.levelConcurrency ?? {},
    connectionsPerFile: options.connectionsPerFile ?? 10,
    urlVariable: options.urlVariable ?? 'DATABASE_URL',
    keepFailed: options.keepFailed ?? false,
  }
}
