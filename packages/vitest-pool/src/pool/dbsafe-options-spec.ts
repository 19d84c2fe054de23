import { DB_LEVELS, type OptionSpec, type OptionsOwner, optionSpec as o, validateOptions } from '@dbsafe/core'
import { SCHEDULE_PRESETS } from '../schedule/schedule-presets'
import { CONNECTION_PARTS } from '../server/database-env'
import type { CachedEmbeddedServerOptions } from '../server/embedded-cache'
import { CLONE_STRATEGIES } from '../template/clone-strategy'
import type { DbsafeOptions } from './dbsafe-options'

/** Whose options these are, for the messages. */
const OWNER: OptionsOwner = { name: 'dbsafe', docs: 'docs/pool.md' }

/** A variable name a shell accepts. */
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/
const variableName = o.text(
  'a variable name: letters, digits and _, not starting with a digit',
  VARIABLE_NAME,
)
const level = o.oneOf(DB_LEVELS)
const path = o.text('a path')
const step = (what: string) =>
  o.anyOf(`${what} (a path) or a function (url) => Promise<void>`, path, o.fn('a function'))

/**
 * The rule of every option of `dbsafe()` / `dbsafePool()`. The `satisfies` clause makes it complete: an option
 * added to {@link DbsafeOptions} (or to the provisioner's or the worker runtime's options it extends) does not
 * type-check until it has its rule here. A rule may land before its option (several people add options at
 * once); remove the rule of an option that is removed.
 */
const DBSAFE_OPTION_SPECS = {
  // The provisioner's (docs/pool-database.md).
  url: o.secret(o.text('a PostgreSQL URL such as postgres://user:password@host:5432/postgres')),
  migrations: step('a folder of .sql files'),
  seed: step('a .sql file'),
  templateInputs: o.list(path, 'an array of globs'),
  fingerprintExtra: o.string(),
  rebuildTemplate: o.boolean(),
  // As create-provisioner checks it: database names start with the prefix.
  databasePrefix: o.text(
    'a lowercase letter, then up to 29 lowercase letters, digits or _',
    /^[a-z][a-z0-9_]{0,29}$/,
  ),
  cloneStrategy: o.oneOf([...CLONE_STRATEGIES, 'auto']),
  warmDatabases: o.integer(0),
  keepSpares: o.boolean(),
  dropAfterExit: o.boolean(),
  keepFailed: o.boolean(),
  keptRetentionMs: o.integer(0),
  superuser: o.boolean(),
  applicationRole: o.text('the name of a role your migrations create, e.g. "app_user"'),
  allowNonTestServer: o.boolean(),
  embedded: o.group({
    cacheDir: path,
    slots: o.integer(1),
    settings: o.record(
      o.text('a string such as "128MB"'),
      'an object of postgres settings, e.g. { work_mem: "16MB" }',
    ),
    onLog: o.fn('a function (line) => void'),
  } satisfies Record<keyof CachedEmbeddedServerOptions, OptionSpec>),
  startupTimeoutMs: o.integer(1),
  connectTimeoutMs: o.integer(1),
  adminQueryTimeoutMs: o.integer(1),
  templateBuildTimeoutMs: o.integer(1),
  closeTimeoutMs: o.integer(1),
  outageToleranceMs: o.integer(0),
  circuitFailureThreshold: o.integer(1),
  onLog: o.fn('a function (message) => void'),
  // The worker runtime's (docs/leases.md, docs/transactions.md).
  leaks: o.oneOf(['fail', 'warn', 'off']),
  acquireTimeoutMs: o.integer(0),
  statementTimeoutMs: o.integer(0),
  exhaustionThresholdMs: o.integer(0),
  statementSavepoints: o.boolean(),
  deadlockTimeoutMs: o.integer(1),
  // The pool's own.
  levels: o.record(level, 'an object mapping globs to levels, e.g. { "test/load/**": "sequential" }'),
  fallbackLevel: level,
  preset: o.oneOf(SCHEDULE_PRESETS),
  levelConcurrency: o.group(
    {
      'read-only': o.integer(1),
      'isolated-writes': o.integer(1),
      'shared-writes': o.integer(1),
      'schema-changes': o.integer(1),
    },
    'an object mapping levels to how many files of that level may run at once, e.g. { "schema-changes": 1 }',
    'Use the levels read-only, isolated-writes, shared-writes or schema-changes: none is never capped and sequential always runs alone.',
  ),
  connectionsPerFile: o.integer(1),
  urlVariable: variableName,
  env: o.secret(
    o.record(
      o.anyOf(
        `one of ${CONNECTION_PARTS.map((part) => `'${part}'`).join(', ')} or a function (connection) => string`,
        o.oneOf(CONNECTION_PARTS),
        o.fn('a function'),
      ),
      'an object mapping variable names to parts of the connection, e.g. { POSTGRES_HOST: "host" }',
      variableName,
    ),
  ),
  reuseWorkers: o.boolean(),
  guard: o.oneOf(['rerun', 'report', 'off']),
  timings: o.boolean(),
  sequentialServer: o.oneOf(['auto', 'shared', 'embedded']),
} satisfies Record<keyof DbsafeOptions, OptionSpec> & Record<string, OptionSpec>

/** Every option of `dbsafe()` / `dbsafePool()`, as one group. */
export const DBSAFE_OPTIONS_SPEC: OptionSpec = o.group(DBSAFE_OPTION_SPECS)

/**
 * Checks the options of `dbsafe()` / `dbsafePool()` when the plugin or pool is created (config load): an
 * unknown key, a wrong type or a value out of range throws `DbsafeError` `DBSAFE_CONFIG_INVALID` with
 * a one-line message naming the option, what was given and what is valid.
 */
export function validateDbsafeOptions(options: unknown): DbsafeOptions {
  return validateOptions<DbsafeOptions>(DBSAFE_OPTIONS_SPEC, options ?? {}, OWNER)
}
