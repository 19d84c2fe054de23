import { type DbLevel, DbsafeError } from '@dbsafe/core'
import type { ProvisionerOptions } from '../provision/provisioner-options'
import {
  type CappedLevel,
  DEFAULT_PRESET,
  SCHEDULE_PRESETS,
  type SchedulePreset,
} from '../schedule/schedule-presets'
import { CONNECTION_PARTS, type EnvRoute } from '../server/database-env'
import type { WorkerRuntimeOptions } from '../shared/worker-context'
import type { SequentialServerMode } from './sequential-server'

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
  /** Files of one level running at once, when you want a cap: no level needs one for its isolation. Default: none. */
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
   * More variables that receive a part of each file's connection, for applications that do not read
   * only `urlVariable` and `PG*`: a second URL, or host, port, user, password and database under their own
   * names. Each is a part (`'url'`, `'host'`, `'port'`, `'user'`, `'password'`, `'database'`) or a function
   * of the parts that returns the value. They are set for every database file (over `urlVariable` and
   * `PG*` when a name is the same) and removed for files at level `none`, like `DATABASE_URL`.
   *
   * @example { TEST_DATABASE_URL: 'url', POSTGRES_HOST: 'host', POSTGRES_PORT: 'port', POSTGRES_USER: 'user', POSTGRES_PASSWORD: 'password', POSTGRES_DB: 'database' }
   * @default {} (only `urlVariable` and `PG*`)
   */
  env?: Record<string, EnvRoute>
  /**
   * Plugin only. Run file after file in the same worker process instead of forking one per file, with
   * a fresh module graph (and mocks) for each file, as under `isolate: true`: what carries over is
   * process-wide state such as globals and already-loaded `node_modules` packages. It saves Vitest's
   * process start per file (~100–250 ms of CPU). Ignored when the config sets `test.isolate`
   * itself. Default: `true`.
   */
  reuseWorkers?: boolean
  /**
   * The runtime guard: what each file does on its database is observed (its node-postgres statements, the errors
   * its tests get) and compared with its level. A file that needed more is reported with the evidence and the fix,
   * and remembered (the reporter's learned levels). `'rerun'` also runs such a file again in the same run, at the
   * level it needs, on a database of its own, when it failed; `'report'` only reports; `'off'` observes nothing.
   * See docs/levels.md. Default: `'rerun'`.
   */
  guard?: 'rerun' | 'report' | 'off'
  /**
   * Prints every phase of the run when Vitest closes (config, analysis, server, template, first file, files,
   * close) and how long workers waited for a file they could start, and why. Default: `$DBSAFE_TIMINGS` is `1`.
   */
  timings?: boolean
  /**
   * Where `sequential` files run (roles, databases, `pg_terminate_backend`, replication slots, connection storms).
   * `'embedded'`: on a second embedded PostgreSQL that dbsafe starts for them (with its own copy of the template),
   * one at a time there, while every other file runs on the main server at full width. `'shared'`: on the main
   * server, alone (no other database file runs beside one). `'auto'`: `'embedded'` when dbsafe owns the main server
   * (no `url`), `'shared'` when you gave a `url`. See docs/pool.md. Default: `'auto'`.
   */
  sequentialServer?: SequentialServerMode
}

/** {@link DbsafeOptions} with the pool's own defaults applied. */
export interface ResolvedPoolOptions {
  levels: Record<string, DbLevel> | undefined
  fallbackLevel: DbLevel
  preset: SchedulePreset
  levelConcurrency: Partial<Record<CappedLevel, number>>
  connectionsPerFile: number
  urlVariable: string
  /** The `env` option, checked. */
  env: Readonly<Record<string, EnvRoute>>
  keepFailed: boolean
  /** What the worker runtime of every file gets. */
  runtime: WorkerRuntimeOptions
  /** The runtime guard's mode. */
  guard: 'rerun' | 'report' | 'off'
  /** Whether the run's phase timings are printed. */
  timings: boolean
  /** Where `sequential` files run. */
  sequentialServer: SequentialServerMode
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

/** The `env` option, checked: variable names a shell accepts, each routed to a part or a function. */
export function resolveEnvRoutes(env: DbsafeOptions['env'] = {}): Readonly<Record<string, EnvRoute>> {
  for (const [name, route] of Object.entries(env)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new DbsafeError(
        'DBSAFE_CONFIG_INVALID',
        `dbsafe's env option names an invalid variable "${name}".`,
        {
          hint: 'Use names of letters, digits and underscores that do not start with a digit, e.g. POSTGRES_HOST.',
        },
      )
    }
    if (typeof route !== 'function' && !(CONNECTION_PARTS as readonly unknown[]).includes(route)) {
      throw new DbsafeError(
        'DBSAFE_CONFIG_INVALID',
        // The value is not printed: it may be a password meant for Vitest's test.env.
        `dbsafe's env.${name} is not a part of the connection.`,
        {
          hint: `Give each variable one of ${CONNECTION_PARTS.map((part) => `'${part}'`).join(', ')}, or a function (connection) => string. For fixed values use Vitest's test.env.`,
        },
      )
    }
  }
  return { ...env }
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
    env: resolveEnvRoutes(options.env),
    keepFailed: options.keepFailed ?? false,
    guard: options.guard ?? 'rerun',
    timings: options.timings ?? process.env.DBSAFE_TIMINGS === '1',
    sequentialServer: options.sequentialServer ?? 'auto',
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
