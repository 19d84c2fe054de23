import { type DbLevel, DbsafeError } from '@dbsafe/core'
import type { ProvisionerOptions } from '../provision/provisioner-options'
import {
  type CappedLevel,
  DEFAULT_PRESET,
  SCHEDULE_PRESETS,
  type SchedulePreset,
} from '../schedule/schedule-presets'
import type { WorkerRuntimeOptions } from '../shared/worker-context'

/**
 * Options of `dbsafe()` and `dbsafePool()`. Everything about the server, the template and the
 * databases (url, migrations, seed, keepFailed, …) is the provisioner's; the leak policy, timeouts
 * and savepoint settings (leaks, acquireTimeoutMs, statementTimeoutMs, …) are the worker runtime's;
 * `root` comes from the Vitest project.
 */
export interface DbsafeOptions extends Partial<Omit<ProvisionerOptions, 'root'>>, WorkerRuntimeOptions {
  /**
   * Globs (relative to the project root) mapped to levels; they win over analysis, not over a
   * `// @db-level` annotation in the file. Default: none.
   */
  levels?: Record<string, DbLevel>
  /** The level of files whose database use cannot be read statically. Default: `'shared-writes'`. */
  fallbackLevel?: DbLevel
  /** How hard to push the machine and the server. Default: `$DBSAFE_PRESET`, else `'balanced'`. */
  preset?: SchedulePreset
  /** Files of one level running at once, on top of the preset's caps. Default: the preset's. */
  levelConcurrency?: Partial<Record<CappedLevel, number>>
  /** Superuser URL of the server. Default: `$DBSAFE_URL`, else an embedded PostgreSQL 18. */
  url?: string
  /**
   * Connections one database file may open (pg's `Pool` opens up to 10); files wait while the sum
   * would pass 80% of the server's `max_connections`. Default: `10`.
   */
  connectionsPerFile?: number
  /** The variable that receives each file's database URL (the `PG*` variables are set too). Default: `'DATABASE_URL'`. */
  urlVariable?: string
  /**
   * Plugin only. Run file after file in the same worker process instead of forking one per file, with
   * a fresh module graph (and mocks) for each file, as under `isolate: true`: what carries over is
   * process-wide state such as globals and already-loaded `node_modules` packages. It saves Vitest's
   * process start per file (~100–250 ms of CPU). Ignored when the config sets `test.isolate`
   * itself. Default: `true`.
   */
  reuseWorkers?: boolean
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
  /** What the worker runtime of every file gets. */
  runtime: WorkerRuntimeOptions
}

/**
 * The preset: the option, else `DBSAFE_PRESET` (how `dbsafe bench` tries each preset on an unchanged
 * config), else `balanced`.
 */
export function resolvePreset(options: DbsafeOptions, env: NodeJS.ProcessEnv = process.env): SchedulePreset {
  const preset = options.preset ?? env.DBSAFE_PRESET ?? DEFAULT_PRESET
  if ((SCHEDULE_PRESETS as readonly string[]).includes(preset)) return preset as SchedulePreset
  throw new DbsafeError('DBSAFE_CONFIG_INVALID', `Unknown dbsafe preset "${preset}".`, {
    hint: `Use one of ${SCHEDULE_PRESETS.join(', ')}.`,
  })
}

/**
 * The provisioner's options: the plugin's, with `url` defaulting to `DBSAFE_URL` (CI points every
 * project at its service database without a config change).
 */
export function provisionerOptions(
  options: DbsafeOptions,
  root: string,
  env: NodeJS.ProcessEnv = process.env,
): ProvisionerOptions {
  const url = options.url ?? env.DBSAFE_URL
  return { ...options, root, ...(url ? { url } : {}) }
}

/** Applies the pool's defaults. */
export function resolvePoolOptions(options: DbsafeOptions): ResolvedPoolOptions {
  return {
    levels: options.levels,
    fallbackLevel: options.fallbackLevel ?? 'shared-writes',
    preset: resolvePreset(options),
    levelConcurrency: options.levelConcurrency ?? {},
    connectionsPerFile: options.connectionsPerFile ?? 10,
    urlVariable: options.urlVariable ?? 'DATABASE_URL',
    keepFailed: options.keepFailed ?? false,
    runtime: {
      leaks: options.leaks,
      acquireTimeoutMs: options.acquireTimeoutMs,
      statementTimeoutMs: options.statementTimeoutMs,
      exhaustionThresholdMs: options.exhaustionThresholdMs,
      statementSavepoints: options.statementSavepoints,
      deadlockTimeoutMs: options.deadlockTimeoutMs,
    },
  }
}
